/**
 * Someone who holds a board's link and writes to its doc with the app's own
 * sync code from Node (syncClient.ts), not through the app's screens: what
 * a partner with a script could do. Used to show that every screen treats
 * what it reads as possibly hostile.
 */
import type * as Y from 'yjs'
import { boardFromLink } from './boards.ts'
import { syncClient } from './syncClient.ts'

/**
 * Joins the board behind `link` on `serverUrl`, lets `write` change the doc
 * once it holds the board (and, when given, once `holds` says the copy holds
 * what the write changes), and leaves once the change is saved.
 */
export async function writeAsLinkHolder(
  serverUrl: string,
  link: string,
  write: (doc: Y.Doc) => void,
  holds: (doc: Y.Doc) => boolean = () => true,
): Promise<void> {
  const connection = syncClient({ wsUrl: `${serverUrl.replace('http', 'ws')}/ws` }, await boardFromLink(link))
  try {
    await connection.tracker.whenState('saved')
    // The board's replay applied first: a write to a doc that does not hold the board yet races what it overwrites.
    if (!connection.provider.synced) await new Promise((resolve) => connection.provider.once('sync', resolve))
    await untilDocHolds(connection.doc, holds)
    // Saving, then saved again: the server has acked the change.
    const saving = connection.tracker.whenState('saving')
    write(connection.doc)
    await saving
    await connection.tracker.whenState('saved')
  } finally {
    connection.destroy()
  }
}

/** Resolves once `holds(doc)` is true, checked now and after every update the copy receives. */
function untilDocHolds(doc: Y.Doc, holds: (doc: Y.Doc) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!holds(doc)) return
      doc.off('update', check)
      resolve()
    }
    doc.on('update', check)
    check()
  })
}
