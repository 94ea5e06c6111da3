/**
 * Who was removed from the board, and who asked: read out of the doc's
 * `removals` map (personId → RemovalEntry). Writing is the people
 * feature's (people/removal.ts). A person added by mistake (a second device
 * that typed a name instead of continuing as someone) leaves only when one
 * person asks and another confirms; their entry in `people` stays, so their
 * cards keep their name.
 */
import type * as Y from 'yjs'
import type { Person } from '../../shared/schema.ts'
import { isTime } from './docValues.ts'

/** One entry of the `removals` map: a request, confirmed once someone other than the asker says yes. */
export type RemovalEntry = {
  personId: string
  askedBy: string
  /** Server time in ms. */
  askedAt: number
  confirmedBy?: string
  confirmedAt?: number
}

/** A removal as the screen may show it: a request while `confirmedBy` is null, a removal once it is not. */
export type Removal = {
  personId: string
  askedBy: string
  askedAt: number
  confirmedBy: string | null
  confirmedAt: number | null
}

export function removalsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('removals')
}

/** Every readable removal or request, by the person it is about. */
export function readRemovals(doc: Y.Doc, people: ReadonlyMap<string, Person>): Map<string, Removal> {
  const removals = new Map<string, Removal>()
  for (const [personId, value] of removalsMap(doc)) {
    const removal = readRemoval(personId, value, people)
    if (removal !== null) removals.set(personId, removal)
  }
  return removals
}

/**
 * A removal entry, or null when it is not one. The one boundary for
 * removals: an entry may come from another version of the app or from
 * someone who means harm, and it decides whose yes an agreement waits for.
 * So it is only about, asked by and confirmed by people who joined the
 * board; a confirmation by the asker themselves (or without a time) does
 * not count, and the entry reads as the request it was.
 */
export function readRemoval(personId: string, value: unknown, people: ReadonlyMap<string, Person>): Removal | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  if (entry.personId !== personId || !people.has(personId)) return null
  const { askedBy, askedAt, confirmedBy, confirmedAt } = entry
  if (typeof askedBy !== 'string' || !people.has(askedBy) || !isTime(askedAt)) return null
  const confirmed = typeof confirmedBy === 'string' && confirmedBy !== askedBy && people.has(confirmedBy) && isTime(confirmedAt)
  return {
    personId,
    askedBy,
    askedAt,
    confirmedBy: confirmed ? confirmedBy : null,
    confirmedAt: confirmed ? confirmedAt : null,
  }
}

/** True once the removal of this person was asked for and confirmed. */
export function isRemoved(removals: ReadonlyMap<string, Removal>, personId: string): boolean {
  return (removals.get(personId)?.confirmedBy ?? null) !== null
}
