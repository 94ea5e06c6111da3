/**
 * Someone who holds a board's link and writes to its doc with the app's own
 * sync code from Node, not through the app's screens: what a partner with a
 * script could do. Used to show that every screen treats what it reads as
 * possibly hostile.
 */
import * as Y from 'yjs'
import WebSocket from 'ws'
import { connectBoard } from '../../client/sync/connectBoard.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'
import { parseBoardSecret } from '../../shared/crypto.ts'

/** Joins the board behind `link` on `serverUrl`, lets `write` change the doc once it holds the board, and leaves once the change is saved. */
export async function writeAsLinkHolder(serverUrl: string, link: string, write: (doc: Y.Doc) => void): Promise<void> {
  const url = new URL(link)
  const boardId = url.pathname.split('/').at(-1)!
  const doc = new Y.Doc()
  const connection = connectBoard({
    boardId,
    secret: parseBoardSecret(url.hash)!,
    doc,
    socketUrl: `${serverUrl.replace('http', 'ws')}/ws`,
    WebSocketImpl: WebSocket as unknown as SocketConstructor,
    crossTab: false,
  })
  try {
    await connection.tracker.whenState('saved')
    // Saving, then saved again: the server has acked the change.
    const saving = connection.tracker.whenState('saving')
    write(doc)
    await saving
    await connection.tracker.whenState('saved')
  } finally {
    connection.destroy()
  }
}
