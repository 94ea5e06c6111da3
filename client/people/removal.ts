/**
 * Removing a person added by mistake: one person asks, another confirms.
 * Each step is one write of the person's whole entry, so two people
 * confirming at once end with one removal, and taking a request back
 * leaves nothing half-done.
 */
import type * as Y from 'yjs'
import type { Person } from '../../shared/schema.ts'
import { readRemoval, removalsMap, type RemovalEntry } from '../core/removals.ts'

/** Asks the others to confirm removing this person; does nothing when a request or removal already stands. */
export function askToRemove(doc: Y.Doc, people: ReadonlyMap<string, Person>, personId: string, askedBy: string, at: number): void {
  const removals = removalsMap(doc)
  if (readRemoval(personId, removals.get(personId), people) !== null) return
  removals.set(personId, { personId, askedBy, askedAt: at } satisfies RemovalEntry)
}

/** Confirms a standing request, by someone other than who asked; false when there is none to confirm. */
export function confirmRemoval(
  doc: Y.Doc,
  people: ReadonlyMap<string, Person>,
  personId: string,
  confirmedBy: string,
  at: number,
): boolean {
  const removals = removalsMap(doc)
  const request = readRemoval(personId, removals.get(personId), people)
  if (request === null || request.confirmedBy !== null || request.askedBy === confirmedBy) return false
  removals.set(personId, {
    personId,
    askedBy: request.askedBy,
    askedAt: request.askedAt,
    confirmedBy,
    confirmedAt: at,
  } satisfies RemovalEntry)
  return true
}

/** Takes back a request not yet confirmed (the asker changed their mind, or someone else keeps the person on the board). */
export function keepOnBoard(doc: Y.Doc, people: ReadonlyMap<string, Person>, personId: string): void {
  const removals = removalsMap(doc)
  const request = readRemoval(personId, removals.get(personId), people)
  if (request?.confirmedBy === null) removals.delete(personId)
}
