import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import type { Awareness } from 'y-protocols/awareness'
import { retirementOf, type Retirement } from './closeReasons.ts'
import type { Provenance } from './boardWitness.ts'
import { connectBoard } from './connectBoard.ts'
import { boardCopyShelf } from './mirrorKeeper.ts'
import type { ServerClock } from './serverClock.ts'
import { SyncStatus } from './syncStatus.svelte.ts'
import type { SocketConstructor } from './transport.ts'

export type BoardSession = {
  boardId: string
  /** The link's secret: what deleting or moving the board proves it holds. */
  secret: Uint8Array
  doc: Y.Doc
  awareness: Awareness
  status: SyncStatus
  clock: ServerClock
  /** Asks for a point in the board's history now; resolves once its snapshot is stored. */
  requestHistoryPoint(): Promise<void>
  /** The device that sent the change being applied right now (read inside a doc observer); null for this device's own. */
  senderOfChange(): string | null
  /** Resolves once the copy kept on this device has been read. */
  whenLocalLoaded: Promise<void>
  /**
   * Calls `listener` once when the server says the board was deleted or
   * moved (now, or when this device next connects); the app decides what to
   * forget. (Who retired it is `status.retirementNote`, read by then.) Returns the way to
   * stop listening.
   */
  onRetired(listener: (reason: Retirement) => void): () => void
  /** Removes the copy of the board kept on this device. */
  clearLocalCopy(): Promise<void>
  destroy(): void
}

/** The WebSocket endpoint on the page's own origin. */
export function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws`
}

/**
 * Opens a board in the browser: the copy on this device first (IndexedDB,
 * so the board shows at once and works offline), then live sync with the
 * server through the encrypting transport. With `provenance`, this device
 * signs its changes and checks the others' (boardWitness.ts).
 */
export function openBoard(boardId: string, secret: Uint8Array, provenance?: Provenance): BoardSession {
  const doc = new Y.Doc()
  const local = new IndexeddbPersistence(`common-ground:board:${boardId}`, doc)
  const connection = connectBoard({
    boardId,
    secret,
    doc,
    socketUrl: socketUrl(),
    WebSocketImpl: WebSocket as unknown as SocketConstructor,
    provenance,
    // In the board's own database: removed with it when the board is forgotten.
    mirrorShelf: boardCopyShelf(local),
  })
  // Leaving the page says goodbye at once (the provider announces an empty
  // presence, and the transport sends the goodbye it keeps sealed ahead), so
  // others do not see us linger, and keeps the log mirror (best effort: the
  // page may be gone first); a page restored from the back-forward cache reconnects.
  const sayGoodbye = () => {
    connection.keepMirrorNow()
    connection.provider.disconnect()
  }
  const comeBack = (event: PageTransitionEvent) => {
    if (event.persisted) connection.provider.connect()
  }
  window.addEventListener('pagehide', sayGoodbye)
  window.addEventListener('pageshow', comeBack)
  // The browser knows first when the network goes: the board says Offline at once rather than
  // after the liveness check, and connects again as soon as the network is back, not after the back-off.
  const wentOffline = () => connection.dropConnection('the browser went offline')
  const cameOnline = () => connection.reconnectNow()
  window.addEventListener('offline', wentOffline)
  window.addEventListener('online', cameOnline)
  return {
    boardId,
    secret,
    doc,
    awareness: connection.awareness,
    status: new SyncStatus(connection.tracker, connection.witness),
    clock: connection.clock,
    requestHistoryPoint: connection.requestHistoryPoint,
    senderOfChange: connection.senderOfChange,
    whenLocalLoaded: local.whenSynced.then(() => undefined),
    onRetired(listener) {
      const stop = connection.tracker.onChange(() => {
        const reason = retirementOf(connection.tracker.closedCode)
        // Told once the note that came with the close has been read: whether someone signed it decides what is forgotten.
        if (reason === null || !connection.tracker.retirementNoteRead) return
        stop()
        listener(reason)
      })
      return stop
    },
    clearLocalCopy: () => {
      connection.stopKeepingMirror()
      return local.clearData()
    },
    destroy() {
      window.removeEventListener('pagehide', sayGoodbye)
      window.removeEventListener('pageshow', comeBack)
      window.removeEventListener('offline', wentOffline)
      window.removeEventListener('online', cameOnline)
      connection.destroy()
      void local.destroy()
      doc.destroy()
    },
  }
}
