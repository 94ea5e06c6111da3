/**
 * Who deleted a board or moved it to a new link, and when: the note the
 * acting device leaves sealed with the board's tombstone (sync/
 * retirementNote.ts carries it), so every other screen can name them. The
 * note comes from whoever held the link, so it is read here, once, like
 * anything else from the board: a name cleaned as a person's name is, a
 * time that is a time; anything else is no note, and the screen says what
 * happened without a name. Since notes are signed (a 'retire' claim by the
 * acting device), a note is only a claim: safety/retirementProof.ts checks
 * it before anything is wiped or anyone is named as having done it.
 */
import { cleanName } from '../core/people.ts'
import { signClaim, type ClaimField, type StoredClaim } from '../core/claims.ts'
import type { Me } from '../core/identity.svelte.ts'
import type { Retirement } from '../sync/closeReasons.ts'
import type { Signer } from '../../shared/signing.ts'

/** Who retired the board, and when (server time); `at` null when the note's time was not one. */
export type RetiredBy = { name: string; at: number | null }

/** A note as read: who it says did it (`personId` null in notes from before signing), and the claim that should vouch for it. */
export type ReadNote = RetiredBy & { personId: string | null; claim: unknown }

type SealedNote = { v: 2; kind: Retirement; by: string; name: string; at: number; claim: StoredClaim | null }

/** What a 'retire' claim covers: the board, deleted or moved, and when (server time). */
export function retireClaimFields(boardId: string, reason: Retirement, at: number): ClaimField[] {
  return [boardId, reason, at]
}

/** The note as it is sealed: who (the person's id, so the claim can be checked against their devices), when, and this device's signature. */
export async function makeRetirementNote(
  me: Me,
  boardId: string,
  kind: Retirement,
  at: number,
  signer: Signer | null,
): Promise<SealedNote> {
  const claim = signer === null ? null : await signClaim(signer, boardId, 'retire', retireClaimFields(boardId, kind, at))
  return { v: 2, kind, by: me.personId, name: me.name, at, claim }
}

/** The note of a board retired as `reason`, checked for shape; null when there is none, or it is not one (another kind, no name). */
export function readRetirementNote(value: unknown, reason: Retirement): ReadNote | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const note = value as Record<string, unknown>
  if (note.kind !== reason || typeof note.name !== 'string') return null
  const name = cleanName(note.name)
  if (name === '') return null
  const personId = typeof note.by === 'string' && note.by !== '' && note.by.length <= 64 ? note.by : null
  return { name, at: isTime(note.at) ? note.at : null, personId, claim: note.claim ?? null }
}

/** A time this app could have written: from its first year to a day ahead of now. */
function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > Date.UTC(2024, 0, 1) && value < Date.now() + 86_400_000
}

const dateAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' })

function when(by: RetiredBy | null): string {
  return by?.at != null ? ` on ${dateAndTime.format(new Date(by.at))}` : ''
}

/** "Maya deleted this board on 7 December 2026 at 18:41.", or the same without a name when nobody is known. */
export function describeRetirement(reason: Retirement, by: RetiredBy | null): string {
  if (reason === 'deleted') return by === null ? 'This board was deleted.' : `${by.name} deleted this board${when(by)}.`
  return by === null ? 'This board moved to a new link.' : `${by.name} moved this board to a new link${when(by)}.`
}

/** What the server says when no one on the board signed it: its word, not a fact, and not anyone's act. */
export function describeUnsignedRetirement(reason: Retirement): string {
  const what = reason === 'deleted' ? 'was deleted' : 'moved to a new link'
  return `The server says this board ${what}, but no one on it signed that.`
}

/** A note this device had nothing to check against (it holds no copy of the board): what it says, as what it says. */
export function describeUncheckedNote(reason: Retirement, note: RetiredBy): string {
  return `The note left with it says: ${describeRetirement(reason, note)} This device holds no copy of the board to check that against.`
}

/** Where the new link is to be had: from the person who moved it (never through the server). */
export function askForNewLink(by: RetiredBy | null): string {
  const whom = by === null ? 'the person who moved it' : by.name
  return `Ask ${whom} for the new link — it was not sent through the server.`
}
