import * as Y from 'yjs'
import { startTalk } from '../../../client/core/talks.ts'

/** The doc as another device (or a stored version) holds it: a copy through its encoding. */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/** A board whose first talk has started, with the version kept then (no cards yet). */
export function newBoard(): { doc: Y.Doc; talkId: string; firstVersion: Y.Doc } {
  const doc = new Y.Doc()
  const talkId = startTalk(doc, 1)
  return { doc, talkId, firstVersion: copyOf(doc) }
}
