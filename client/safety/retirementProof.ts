/**
 * Whether a deletion or move is proven: the note left with the board's
 * tombstone must carry a 'retire' claim that verifies against a device of
 * the person it names, a device this one believes. Only then is the board
 * wiped on this device. The server alone (a bare 4410/4411), or a link
 * holder writing a note for someone else, proves nothing: the board says
 * what the server claims and the person decides.
 */
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { Retirement } from '../sync/closeReasons.ts'
import { readRetirementNote, retireClaimFields, type ReadNote, type RetiredBy } from './retirementNote.ts'

export type RetirementProof =
  /** Signed by a believed device of `personId`: named by the name the board knows them by. */
  | { state: 'signed'; personId: string; by: RetiredBy }
  /** No note, no signature, or one that does not verify; `said` is what the note claims, if it claims anything. */
  | { state: 'unproven'; said: ReadNote | null }

/**
 * Checks the note of a board retired as `reason`. `nameOf` is the name the
 * board itself holds for a person (the note's own name is the signer's word
 * only for a person the board no longer lists).
 */
export async function proveRetirement(
  trust: Pick<BoardTrust, 'check'>,
  boardId: string,
  reason: Retirement,
  note: unknown,
  nameOf: (personId: string) => string | null,
): Promise<RetirementProof> {
  const said = readRetirementNote(note, reason)
  if (said === null || said.personId === null || said.at === null) return { state: 'unproven', said }
  const verdict = await trust.check('retire', retireClaimFields(boardId, reason, said.at), said.claim, said.personId)
  if (verdict.state !== 'verified') return { state: 'unproven', said }
  return { state: 'signed', personId: verdict.personId, by: { name: nameOf(verdict.personId) ?? said.name, at: said.at } }
}
