import type * as Y from 'yjs'
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import { deriveBoardKeys } from '../../shared/crypto.ts'
import { BoardWitness, type Provenance } from './boardWitness.ts'
import { HistoryPoints } from './historyPoints.ts'
import { LogMirror } from './logMirror.ts'
import { MirrorKeeper, type MirrorShelf } from './mirrorKeeper.ts'
import { withReconnectJitter } from './reconnectJitter.ts'
import { ServerClock } from './serverClock.ts'
import { SyncTracker } from './syncTracker.ts'
import { EncryptingTransport, encryptingTransportFor, type ChangeSender, type SocketConstructor } from './transport.ts'

export type BoardConnection = {
  provider: WebsocketProvider
  awareness: Awareness
  tracker: SyncTracker
  clock: ServerClock
  /** What this device can tell of the server's honesty: who is behind, who has seen this device's changes, a rollback. */
  witness: BoardWitness
  /** Asks for a point in the board's history now; resolves once its snapshot is stored. */
  requestHistoryPoint(): Promise<void>
  /**
   * The device that sent the change being applied right now, as its signed envelope says (read it
   * inside a doc observer); null for this device's own changes and for changes without a sender.
   */
  senderOfChange(): string | null
  /** Leaves the current connection at once (the network is known to be gone); the provider reconnects after its back-off. */
  dropConnection(reason: string): void
  /** Connects now rather than after the back-off (the network is back), unless syncing stopped for good. */
  reconnectNow(): void
  /** Writes the log mirror to the device now, if it is kept there (the page is being left). */
  keepMirrorNow(): void
  /** Writes the log mirror no more (its copy on the device is being removed). */
  stopKeepingMirror(): void
  /** Says goodbye to the others (presence), writes the log mirror one last time, and stops syncing. */
  destroy(): void
}

export type ConnectOptions = {
  boardId: string
  secret: Uint8Array
  doc: Y.Doc
  /** The server's WebSocket endpoint, e.g. wss://host/ws. */
  socketUrl: string
  /** The browser's WebSocket, or `ws` in Node. */
  WebSocketImpl: SocketConstructor
  /** Cross-tab sync through BroadcastChannel; off in Node tests, where all "tabs" share one process. */
  crossTab?: boolean
  /**
   * This device's signer and the keys of the devices it believes: with it,
   * changes and snapshots go signed and numbered, and heads are published and
   * checked; without it, changes go unsigned, as before signing.
   */
  provenance?: Provenance
  /**
   * Where the log mirror is kept on the device (the board's IndexedDB in the
   * browser): read back before the first hello, so a reload resumes from the
   * last seq held; without it every page load reads the whole log.
   */
  mirrorShelf?: MirrorShelf
}

/**
 * Syncs `doc` with the board on the server through y-websocket's provider
 * and the encrypting transport. Works in the browser and in Node alike; the
 * browser's extras (IndexedDB, page lifecycle) live in openBoard.ts.
 */
export function connectBoard(options: ConnectOptions): BoardConnection {
  const { boardId, doc } = options
  const tracker = new SyncTracker()
  const clock = new ServerClock()
  const awareness = new Awareness(doc)
  const keys = deriveBoardKeys(boardId, options.secret)
  // A rejected derivation surfaces when the transport awaits it; this keeps it from also being reported as unhandled.
  keys.catch(() => {})
  const mirror = new LogMirror()
  const keeper = options.mirrorShelf ? new MirrorKeeper({ boardId, mirror, doc, shelf: options.mirrorShelf }) : null
  const historyPoints = new HistoryPoints()
  const sender: ChangeSender = { current: null }
  const witness = new BoardWitness({ boardId, doc, awareness, mirror, serverNow: () => clock.now(), provenance: options.provenance })
  const WebSocketImpl = withReconnectJitter(options.WebSocketImpl)
  const transport = encryptingTransportFor({
    boardId,
    socketUrl: options.socketUrl,
    keys,
    WebSocketImpl,
    tracker,
    clock,
    awareness,
    mirror,
    mirrorRestored: keeper?.restored,
    historyPoints,
    sender,
    witness,
  })
  // The room name stays the board id: the provider also names its cross-tab BroadcastChannel after
  // it, and tabs of two boards must never share one. The transport leaves it out of the socket's URL.
  const provider = new WebsocketProvider(options.socketUrl, boardId, doc, {
    awareness,
    WebSocketPolyfill: transport as unknown as typeof WebSocket,
    disableBc: options.crossTab === false,
    maxBackoffTime: 5000,
  })
  return {
    provider,
    awareness,
    tracker,
    clock,
    witness,
    requestHistoryPoint: () => historyPoints.request(),
    senderOfChange: () => sender.current,
    dropConnection(reason) {
      // The provider's socket is always our transport (its WebSocketPolyfill).
      if (provider.ws instanceof EncryptingTransport) provider.ws.drop(reason)
    },
    reconnectNow() {
      // shouldConnect is false after a final close or a goodbye: neither is undone by the network coming back.
      if (provider.shouldConnect && provider.ws === null) provider.connect()
    },
    keepMirrorNow: () => keeper?.keepNow(),
    stopKeepingMirror: () => keeper?.stop(),
    destroy() {
      keeper?.keepNow()
      keeper?.stop()
      removeAwarenessStates(awareness, [doc.clientID], 'left')
      witness.destroy()
      provider.destroy()
      awareness.destroy()
    },
  }
}
