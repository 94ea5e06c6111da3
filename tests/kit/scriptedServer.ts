/**
 * A scripted server for the encrypting transport: y-websocket's provider
 * runs for real over the transport, and every socket the transport opens is
 * a ScriptedSocket, where the test reads the frames the client sent and
 * says what the server answers. Payloads are really sealed.
 */
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import { deriveBoardKeys, generateBoardId, generateBoardSecret, openPayload, sealPayload } from '../../shared/crypto.ts'
import { decodeClientFrame, encodeServerFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { Limits, PROTOCOL_VERSION, type SealedKind } from '../../shared/protocol.ts'
import { LogMirror } from '../../client/sync/logMirror.ts'
import { ServerClock } from '../../client/sync/serverClock.ts'
import { SyncTracker } from '../../client/sync/syncTracker.ts'
import { encryptingTransportFor, type SocketLike } from '../../client/sync/transport.ts'
import { afterThisTest } from './teardown.ts'
import { until } from './waits.ts'

export type SentFrame<T extends ClientFrame['tag']> = Extract<ClientFrame, { tag: T }>

export class ScriptedSocket implements SocketLike {
  binaryType = ''
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  onerror: SocketLike['onerror'] = null
  readonly sent: ClientFrame[] = []
  /** The size of every frame the client sent, oversized ones included (those cannot be decoded). */
  readonly sentSizes: number[] = []
  /** Set when the client closed this socket. */
  closedWith: number | null = null

  constructor(readonly url: string) {
    queueMicrotask(() => this.onopen?.({}))
  }

  send(data: Uint8Array): void {
    this.sentSizes.push(data.byteLength)
    if (data.byteLength <= Limits.maxFrameBytes) this.sent.push(decodeClientFrame(data))
  }

  /** As a real socket: the close event follows the call. */
  close(code = 1005, reason = ''): void {
    if (this.closedWith !== null) return
    this.closedWith = code
    setTimeout(() => this.onclose?.({ code, reason }), 0)
  }

  serverSays(frame: ServerFrame): void {
    this.onmessage?.({ data: encodeServerFrame(frame).slice().buffer })
  }

  serverCloses(code: number, reason = ''): void {
    this.onclose?.({ code, reason })
  }

  sentOf<T extends ClientFrame['tag']>(tag: T): SentFrame<T>[] {
    return this.sent.filter((frame): frame is SentFrame<T> => frame.tag === tag)
  }
}

/** An update made by another device (a fresh doc, so a fresh client id). */
export function updateFrom(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  change(doc)
  return Y.encodeStateAsUpdate(doc)
}

export const noteUpdate = (text: string) => updateFrom((doc) => doc.getArray('notes').push([text]))

export type TestClient = Awaited<ReturnType<typeof connectedClient>>

/**
 * A board open through the provider and the transport, its first socket
 * past the hello. Torn down when the test ends. The provider's back-off is
 * kept short so reconnects happen within a test.
 */
export async function connectedClient() {
  const boardId = generateBoardId()
  const keys = await deriveBoardKeys(boardId, generateBoardSecret())
  const doc = new Y.Doc()
  const awareness = new Awareness(doc)
  const tracker = new SyncTracker()
  const mirror = new LogMirror()
  const warnings: string[] = []
  const sockets: ScriptedSocket[] = []
  class BoardSocket extends ScriptedSocket {
    constructor(url: string) {
      super(url)
      sockets.push(this)
    }
  }
  const Transport = encryptingTransportFor({
    boardId,
    socketUrl: 'ws://test/ws',
    keys: Promise.resolve(keys),
    WebSocketImpl: BoardSocket,
    tracker,
    clock: new ServerClock(),
    awareness,
    mirror,
    warn: (line) => warnings.push(line),
  })
  const provider = new WebsocketProvider('ws://test/ws', boardId, doc, {
    awareness,
    WebSocketPolyfill: Transport as unknown as typeof WebSocket,
    disableBc: true,
    maxBackoffTime: 20,
  })
  afterThisTest(() => {
    provider.destroy()
    awareness.destroy()
  })
  await until(() => sockets[0]?.sentOf('hello').length === 1, 'the hello')

  let markers = 0
  const seal = (kind: SealedKind, plaintext: Uint8Array) => sealPayload(keys.encryptionKey, boardId, kind, plaintext)
  const open = (kind: SealedKind, sealed: Uint8Array) => openPayload(keys.encryptionKey, boardId, kind, sealed)
  return {
    boardId,
    keys,
    doc,
    provider,
    tracker,
    mirror,
    warnings,
    sockets,
    seal,
    open,
    /** The socket of the latest connection attempt. */
    get socket(): ScriptedSocket {
      return sockets[sockets.length - 1]!
    },
    /** An entry of the log at `seq`, sealed as the other devices seal. */
    async entry(seq: number, update: Uint8Array): Promise<ServerFrame> {
      return { tag: 'entry', seq, sealed: await seal('update', update) }
    },
    /**
     * Lets the latest socket in: welcome, the replayed frames, replayDone;
     * resolves once the provider is synced and the tracker online.
     */
    async replay(frames: ServerFrame[], headSeq: number, replayFrom = 0): Promise<void> {
      const socket = this.socket
      socket.serverSays({ tag: 'welcome', version: PROTOCOL_VERSION, serverTime: Date.now(), peerId: 1, replayFrom })
      for (const frame of frames) socket.serverSays(frame)
      socket.serverSays({ tag: 'replayDone', headSeq })
      await until(() => provider.synced && tracker.phase === 'online', 'the replay to be applied')
    },
    /**
     * Resolves once everything the client had queued to send has left, for
     * rules about what it must NOT send. A presence change goes through the
     * same sealed outbox as pushes and snapshots (client/sync/sealedOutbox.ts),
     * in order; the scripted server is held still, so whatever the client
     * would send in answer to what it was told is queued before this marker,
     * and has left once the marker's frame has.
     */
    async outboxDrained(): Promise<void> {
      const socket = this.socket
      const before = socket.sentOf('pushAwareness').length
      awareness.setLocalStateField('outboxMarker', ++markers)
      await until(() => socket.sentOf('pushAwareness').length > before, 'the outbox marker')
    },
    /** Waits until the latest socket has sent at least `count` frames of `tag`; returns all it sent of them. */
    async sentFrames<T extends ClientFrame['tag']>(tag: T, count = 1): Promise<SentFrame<T>[]> {
      const socket = this.socket
      await until(() => socket.sentOf(tag).length >= count, `${count} ${tag} frame(s)`)
      return socket.sentOf(tag)
    },
  }
}

/** Joins a snapshot's parts and opens them: the board as the snapshot holds it. */
export async function openedSnapshot(client: TestClient, parts: SentFrame<'snapshotPart'>[]): Promise<Y.Doc> {
  const sealed = new Uint8Array(parts.reduce((sum, part) => sum + part.bytes.byteLength, 0))
  let offset = 0
  for (const part of parts) {
    sealed.set(part.bytes, offset)
    offset += part.bytes.byteLength
  }
  const doc = new Y.Doc()
  Y.applyUpdate(doc, await client.open('snapshot', sealed))
  return doc
}
