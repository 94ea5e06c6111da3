/**
 * Who deleted a board or moved it to a new link, and when: the note the
 * acting device leaves sealed with the board's tombstone (sync/
 * retirementNote.ts carries it), so every other screen can name them. The
 * note comes from whoever held the link, so it is read here, once, like
 * anything else from the board: a name cleaned as a person's name is, a
 * time that is a time; anything else is no note, and the screen says what
 * happened without a name.
 */
import { cleanName } from '../core/people.ts'
import type { Me } from '../core/identity.svelte.ts'
import type { Retirement } from '../sync/closeReasons.ts'

/** Who retired the board, and when (server time); `at` null when the note's time was not one. */
export type RetiredBy = { name: string; at: number | null }

/** The note as it is sealed: the person's id too, so a later version can tell two people of one name apart. */
export function makeRetirementNote(me: Me, kind: Retirement, at: number): { v: 1; kind: Retirement; by: string; name: string; at: number } {
  return { v: 1, kind, by: me.personId, name: me.name, at }
}

/** The note of a board retired as `reason`, checked; null when there is none, or it is not one (another kind, no name). */
export function readRetirementNote(value: unknown, reason: Retirement): RetiredBy | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const note = value as Record<string, unknown>
  if (note.kind !== reason || typeof note.name !== 'string') return null
  const name = cleanName(note.name)
  if (name === '') return null
  return { name, at: isTime(note.at) ? note.at : null }
}

/** A time this app could have written: from its first year to a day ahead of now. */
function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > Date.UTC(2024, 0, 1) && value < Date.now() + 86_400_000
}

const dateAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' })

/** "Maya deleted this board on 7 December 2026 at 18:41.", or the same without a name when nobody is known. */
export function describeRetirement(reason: Retirement, by: RetiredBy | null): string {
  const when = by?.at != null ? ` on ${dateAndTime.format(new Date(by.at))}` : ''
  if (reason === 'deleted') return by === null ? 'This board was deleted.' : `${by.name} deleted this board${when}.`
  return by === null ? 'This board moved to a new link.' : `${by.name} moved this board to a new link${when}.`
}

/** Where the new link is to be had: from the person who moved it (never through the server). */
export function askForNewLink(by: RetiredBy | null): string {
  const whom = by === null ? 'the person who moved it' : by.name
  return `Ask ${whom} for the new link — it was not sent through the server.`
}
