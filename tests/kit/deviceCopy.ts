/**
 * A board's copy kept on a device, as openBoard keeps it: the board's own
 * y-indexeddb database, holding the doc and the log mirror's record. In Node
 * the caller imports 'fake-indexeddb/auto' first; a "reload" is a new copy
 * of the same board, with a new doc, over the same database.
 */
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { boardCopyShelf, type MirrorShelf } from '../../client/sync/mirrorKeeper.ts'
import { afterThisTest } from './teardown.ts'

export type DeviceCopy = {
  doc: Y.Doc
  /** Where the sync client keeps its log mirror (connectBoard's `mirrorShelf`). */
  shelf: MirrorShelf
  /** Resolves once the doc holds what the database held. */
  loaded: Promise<void>
  close(): Promise<void>
}

export function deviceCopy(boardId: string): DeviceCopy {
  const doc = new Y.Doc()
  const local = new IndexeddbPersistence(`common-ground:board:${boardId}`, doc)
  const close = () => local.destroy()
  afterThisTest(close)
  return { doc, shelf: boardCopyShelf(local), loaded: local.whenSynced.then(() => undefined), close }
}
