/**
 * Bringing back an earlier version of the board, as one edit everyone sees:
 * the cards become exactly the version's (a card wiped since comes back, a
 * card added since goes), while talks and people are only ever added to, so
 * nobody's name or talk goes missing. The history keeps a version from just
 * before, so a restore can itself be undone the same way.
 */
import type * as Y from 'yjs'
import { cardsMap } from '../core/cardView.ts'
import { peopleMap } from '../core/people.ts'
import { talksMap } from '../core/talks.ts'

const RESTORE_ORIGIN = 'restore-version'

export function restoreVersion(doc: Y.Doc, version: Y.Doc): void {
  doc.transact(() => {
    const cards = cardsMap(doc)
    const earlier = cardsMap(version)
    for (const id of [...cards.keys()]) if (!earlier.has(id)) cards.delete(id)
    for (const [id, card] of earlier) {
      const now = cards.get(id)
      // Only cards that differ are written, so the edit is as small as the difference.
      if (now === undefined || JSON.stringify(now.toJSON()) !== JSON.stringify(card.toJSON())) cards.set(id, card.clone())
    }
    addMissing(talksMap(doc), talksMap(version))
    addMissing(peopleMap(doc), peopleMap(version))
  }, RESTORE_ORIGIN)
}

/** Talks and people are plain values in their maps, so they are copied as they are. */
function addMissing<T>(into: Y.Map<T>, from: Y.Map<T>): void {
  for (const [key, value] of from) if (!into.has(key)) into.set(key, value)
}
