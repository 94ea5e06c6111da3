/**
 * Cards carried forward: a card from an earlier talk taken up again in a
 * later one. The card stays where it was said, in its own talk with its
 * reflections; the later talk holds a mark that it was brought in, by whom
 * and when. One entry per talk and card, under its own key of the doc's
 * `carriedForward` map, so two people carrying at once write the same thing:
 *
 *   `${talkId}:${cardId}` → { talkId, cardId, byId, at }
 *
 * A malformed or misfiled entry reads as absent.
 */
import type * as Y from 'yjs'
import { isTime } from './docValues.ts'

export type CarriedForward = { talkId: string; cardId: string; byId: string; at: number }

export function carriedForwardMap(doc: Y.Doc): Y.Map<CarriedForward> {
  return doc.getMap<CarriedForward>('carriedForward')
}

export function carriedForwardKey(talkId: string, cardId: string): string {
  return `${talkId}:${cardId}`
}

function readEntry(key: string, value: unknown): CarriedForward | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  const { talkId, cardId, byId, at } = entry
  if (typeof talkId !== 'string' || typeof cardId !== 'string' || typeof byId !== 'string' || !isTime(at)) return null
  return key === carriedForwardKey(talkId, cardId) ? { talkId, cardId, byId, at } : null
}

/** Every card carried forward, oldest first. */
export function readCarriedForward(doc: Y.Doc): CarriedForward[] {
  const entries: CarriedForward[] = []
  for (const [key, value] of carriedForwardMap(doc)) {
    const entry = readEntry(key, value)
    if (entry !== null) entries.push(entry)
  }
  return entries.sort((a, b) => a.at - b.at || (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0))
}
