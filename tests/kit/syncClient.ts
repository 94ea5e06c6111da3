import * as Y from 'yjs'
import WebSocket from 'ws'
import { onTestFinished } from 'vitest'
import { connectBoard, type BoardConnection } from '../../client/sync/connectBoard.ts'
import { createBoard, type NewBoard } from '../../client/sync/createBoard.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'
import type { SyncState } from '../../client/sync/syncTracker.ts'

type ServerAddress = { url: string; wsUrl: string }

/** Creates a board on the server exactly as the browser does. */
export function createTestBoard(server: ServerAddress): Promise<NewBoard> {
  return createBoard(server.url, fetch)
}

export type SyncClient = BoardConnection & { doc: Y.Doc; notes: Y.Array<string> }

/**
 * A real sync client in Node: the y-websocket provider over the encrypting
 * transport over a real `ws` socket. Torn down with the test.
 */
export function syncClient(
  server: ServerAddress,
  board: NewBoard,
  doc = new Y.Doc(),
  WebSocketImpl: SocketConstructor = WebSocket as unknown as SocketConstructor,
): SyncClient {
  const connection = connectBoard({
    boardId: board.boardId,
    secret: board.secret,
    doc,
    socketUrl: server.wsUrl,
    WebSocketImpl,
    crossTab: false,
  })
  onTestFinished(() => connection.destroy())
  return { ...connection, doc, notes: doc.getArray<string>('notes') }
}

/** Polls until `check` passes or `timeoutMs` runs out, then throws its last error. */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

export async function waitForState(client: SyncClient, state: SyncState, timeoutMs = 5000): Promise<void> {
  await Promise.race([
    client.tracker.whenState(state),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`still ${client.tracker.state}, expected ${state}`)), timeoutMs),
    ),
  ])
}
