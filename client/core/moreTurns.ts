/**
 * "Is there more?" on a reflection, as read (the cards feature writes it, in
 * cards/reflections.ts): the listener asks, the card's author adds more,
 * and that may go round. Anyone holding the board could write a turn in
 * someone else's name, so only an ask by the reflection's writer and an
 * addition by the card's author count; the addition's signature (a 'more'
 * claim) is judged where it is shown.
 */
import * as Y from 'yjs'
import { MAX_REFLECTION_TEXT } from '../../shared/schema.ts'
import { readClaim, type StoredClaim } from './claims.ts'
import { compareIds, isTime } from './docValues.ts'

export type MoreTurn =
  { id: string; kind: 'ask'; at: number } | { id: string; kind: 'more'; text: string; at: number; claim: StoredClaim | null }

/** More than any talk goes round; a longer list (a script, not the app) is cut, oldest kept. */
export const MAX_MORE_TURNS = 40

/** One turn as written, or null when it is malformed or not written by the one whose turn it is. */
export function readMoreTurn(value: unknown, people: { listenerId: string; authorId: string }): MoreTurn | null {
  if (typeof value !== 'object' || value === null) return null
  const turn = value as Record<string, unknown>
  if (typeof turn.id !== 'string' || turn.id === '' || turn.id.length > 64 || !isTime(turn.at)) return null
  if (turn.kind === 'ask') return turn.byId === people.listenerId ? { id: turn.id, kind: 'ask', at: turn.at } : null
  if (turn.kind !== 'more' || turn.byId !== people.authorId || typeof turn.text !== 'string') return null
  const text = turn.text.slice(0, MAX_REFLECTION_TEXT).trim()
  if (text === '') return null
  const claim = readClaim(turn.claim) === null ? null : (turn.claim as StoredClaim)
  return { id: turn.id, kind: 'more', text, at: turn.at, claim: claim && { deviceId: claim.deviceId, signature: claim.signature } }
}

/** A reflection's turns, oldest first (ties by id, so every screen agrees). */
export function readMoreTurns(value: unknown, people: { listenerId: string; authorId: string }): MoreTurn[] {
  if (!(value instanceof Y.Array)) return []
  return (value.toArray() as unknown[])
    .flatMap((each) => readMoreTurn(each, people) ?? [])
    .sort((a, b) => a.at - b.at || compareIds(a, b))
    .slice(0, MAX_MORE_TURNS)
}

/** Whether the listener's "Is there more?" waits for the author: the last turn is an ask. */
export function moreAsked(turns: readonly MoreTurn[]): boolean {
  return turns.at(-1)?.kind === 'ask'
}
