/**
 * Someone who holds a board's link and writes to its doc with the app's own
 * sync code from Node (syncClient.ts), not through the app's screens: what
 * a partner with a script could do. Used to show that every screen treats
 * what it reads as possibly hostile.
 */
import type * as Y from 'yjs'
import { boardFromLink } from './boards.ts'
import { syncClient } from './syncClient.ts'

/** Joins the board behind `link` on `serverUrl`, lets `write` change the doc once it holds the board, and leaves once the change is saved. */
export async function writeAsLinkHolder(serverUrl: string, link: string, write: (doc: Y.Doc) => void): Promise<void> {
  const connection = syncClient({ wsUrl: `${serverUrl.replace('http', 'ws')}/ws` }, await boardFromLink(link))
  try {
    await connection.tracker.whenState('saved')
    // The board as the server holds it has arrived (the transport marks the provider synced after the replay), so `write` reads it.
    if (!connection.provider.synced) {
      await new Promise<void>((resolve) => {
        const synced = (isSynced: boolean) => {
          if (!isSynced) return
          connection.provider.off('sync', synced)
          resolve()
        }
        connection.provider.on('sync', synced)
      })
    }
    // Saving, then saved again: the server has acked the change.
    const saving = connection.tracker.whenState('saving')
    write(connection.doc)
    await saving
    await connection.tracker.whenState('saved')
  } finally {
    connection.destroy()
  }
}
