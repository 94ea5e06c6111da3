/**
 * Bringing back an earlier version of the board, as one edit everyone sees:
 * the cards become exactly the version's (a card wiped since comes back, a
 * card added since goes), while talks and people are only ever added to, so
 * nobody's name or talk goes missing. The same edit records who did it and
 * when, with the cards it replaced, so every screen can name them and anyone
 * can undo it (`undoRestore`), even after the server's history has let the
 * version from just before go.
 */
import * as Y from 'yjs'
import { cardsMap } from '../core/cardView.ts'
import { peopleMap } from '../core/people.ts'
import { talksMap } from '../core/talks.ts'
import { RESTORE_KEY, restoresMap, type CardsInverse, type RestoreRecord } from './restoreRecord.ts'

const RESTORE_ORIGIN = 'restore-version'

/** Who restores, and when: the person id of this device and the server's now. */
export type RestoreAct = { id: string; byId: string; at: number }

export function restoreVersion(doc: Y.Doc, version: Y.Doc, versionAt: number, act: RestoreAct): void {
  doc.transact(() => {
    const cards = cardsMap(doc)
    const earlier = cardsMap(version)
    const toSet: [string, Y.Map<unknown>][] = []
    for (const [id, card] of earlier) {
      if (!(card instanceof Y.Map)) continue
      const now = cards.get(id)
      // Only cards that differ are written, so the edit is as small as the difference.
      if (!(now instanceof Y.Map) || JSON.stringify(now.toJSON()) !== JSON.stringify(card.toJSON())) toSet.push([id, card])
    }
    const toRemove = [...cards.keys()].filter((id) => !earlier.has(id))
    const inverse = changeCards(doc, toSet, toRemove)
    addMissing(talksMap(doc), talksMap(version))
    addMissing(peopleMap(doc), peopleMap(version))
    record(doc, { ...act, kind: 'restore', versionAt, undoneById: null, ...inverse })
  }, RESTORE_ORIGIN)
}

/**
 * Takes a restore back for everyone: the cards it replaced or removed come
 * back as they were just before it, the cards it added go; cards written
 * since, elsewhere on the board, stay. Recorded the same way, naming who
 * undid it. False when `restore` is not the board's latest restore (someone
 * restored or undid again meanwhile), and nothing changes.
 */
export function undoRestore(doc: Y.Doc, restore: RestoreRecord, act: RestoreAct): boolean {
  let undone = false
  doc.transact(() => {
    const latest = restoresMap(doc).get(RESTORE_KEY) as { id?: unknown } | undefined
    if (restore.kind !== 'restore' || latest?.id !== restore.id) return
    const before = new Y.Doc()
    try {
      Y.applyUpdate(before, restore.before)
    } catch (error) {
      console.warn('The cards from before the restore could not be read:', error)
      return
    }
    const toSet = [...cardsMap(before)].filter((entry): entry is [string, Y.Map<unknown>] => entry[1] instanceof Y.Map)
    const inverse = changeCards(doc, toSet, restore.added)
    record(doc, { ...act, kind: 'undo', versionAt: restore.versionAt, undoneById: restore.byId, ...inverse })
    before.destroy()
    undone = true
  }, RESTORE_ORIGIN)
  return undone
}

/** Sets and removes cards (inside the caller's transaction); returns what undoing exactly that needs. */
function changeCards(doc: Y.Doc, toSet: Iterable<[string, Y.Map<unknown>]>, toRemove: Iterable<string>): CardsInverse {
  const cards = cardsMap(doc)
  const kept = new Y.Doc()
  const keptCards = cardsMap(kept)
  const added: string[] = []
  const keep = (id: string) => {
    const now = cards.get(id)
    // Anything in the cards map that is not a card (another version's, a bad peer's) is not worth keeping.
    if (now instanceof Y.Map) keptCards.set(id, now.clone())
  }
  for (const id of toRemove) {
    if (!cards.has(id)) continue
    keep(id)
    cards.delete(id)
  }
  for (const [id, card] of toSet) {
    if (cards.has(id)) keep(id)
    else added.push(id)
    cards.set(id, card.clone())
  }
  const before = Y.encodeStateAsUpdate(kept)
  kept.destroy()
  return { before, added }
}

function record(doc: Y.Doc, restore: RestoreRecord): void {
  restoresMap(doc).set(RESTORE_KEY, restore)
}

/** Talks and people are plain values in their maps, so they are copied as they are. */
function addMissing<T>(into: Y.Map<T>, from: Y.Map<T>): void {
  for (const [key, value] of from) if (!into.has(key)) into.set(key, value)
}
