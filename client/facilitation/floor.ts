/**
 * The floor: who speaks now, since when and for how long, and the length a
 * turn gets in this talk.
 *
 *   `${talkId}:floor`                   → { holderId, since, ms }   (server ms)
 *   `${talkId}:floorLength:${personId}` → { ms, at }                (set by whoever may move phases)
 *
 * The length is kept like the phases, per writer and counted by the phase
 * rule, so a length set by someone the rule does not allow changes nothing.
 * A turn keeps the length it was given with; a new length applies from the
 * next turn.
 */
import type * as Y from 'yjs'
import { isTime } from '../core/docValues.ts'
import { facilitationMap, phaseRuleOf } from './facilitation.ts'
import { latestCountedWrite, mayMovePhases } from './phaseRule.ts'

export type Floor = { holderId: string; since: number; ms: number }

/** A turn's length unless another is chosen: long enough to say one thing, short enough to keep it one thing. */
export const FLOOR_MS = 2 * 60_000
/** A turn is at least this long (one thought said) and at most this long (still a turn, not a speech). */
export const MIN_FLOOR_MS = 30_000
export const MAX_FLOOR_MS = 15 * 60_000
/** The lengths the screen offers, in minutes; a length set otherwise is offered beside them. */
export const FLOOR_LENGTH_CHOICES_MS = [1, 2, 3, 5, 10].map((minutes) => minutes * 60_000)

const lengthPrefix = (talkId: string) => `${talkId}:floorLength:`

export function readFloor(doc: Y.Doc, talkId: string): Floor | null {
  const value = facilitationMap(doc).get(`${talkId}:floor`) as Partial<Floor> | undefined
  if (typeof value !== 'object' || value === null) return null
  if (typeof value.holderId !== 'string' || !isTime(value.since) || !isTime(value.ms) || value.ms <= 0) return null
  return { holderId: value.holderId, since: value.since, ms: value.ms }
}

/** A written floor length, or null when it is not one: whole seconds, from MIN_FLOOR_MS to MAX_FLOOR_MS, with its time. */
export function readFloorLength(value: unknown): { ms: number; at: number } | null {
  if (typeof value !== 'object' || value === null) return null
  const { ms, at } = value as { ms?: unknown; at?: unknown }
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms % 1000 !== 0 || ms < MIN_FLOOR_MS || ms > MAX_FLOOR_MS) return null
  if (!isTime(at)) return null
  return { ms, at }
}

/** The latest turn length the rule counts in this talk, with who set it and when; null when nobody has. */
export function latestFloorLength(doc: Y.Doc, talkId: string): { ms: number; at: number; by: string } | null {
  return latestCountedWrite(facilitationMap(doc), lengthPrefix(talkId), phaseRuleOf(doc), readFloorLength)
}

/** The length a turn gets in this talk. */
export function floorLength(doc: Y.Doc, talkId: string): number {
  return latestFloorLength(doc, talkId)?.ms ?? FLOOR_MS
}

/** Sets the talk's turn length, if `by` may move the phases and the length is one a turn may have. */
export function setFloorLength(doc: Y.Doc, talkId: string, ms: number, by: string, now: number): boolean {
  if (readFloorLength({ ms, at: now }) === null || !mayMovePhases(phaseRuleOf(doc), by)) return false
  const latest = latestFloorLength(doc, talkId)
  facilitationMap(doc).set(`${lengthPrefix(talkId)}${by}`, { ms, at: Math.max(now, (latest?.at ?? 0) + 1) })
  return true
}

/**
 * Gives the speaking turn to a partner, from now, for the talk's turn length.
 * Nobody gives the floor to themselves: a listener waits to be given it.
 */
export function giveFloor(doc: Y.Doc, talkId: string, holderId: string, by: string, now: number): boolean {
  if (holderId === by) return false
  facilitationMap(doc).set(`${talkId}:floor`, { holderId, since: now, ms: floorLength(doc, talkId) } satisfies Floor)
  return true
}
