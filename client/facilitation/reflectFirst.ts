/**
 * `Reflect before replying`, a rule for one talk (the conflict blueprint's
 * "state your partner's position to their satisfaction before
 * persuading"): while it is on, a partner's own card in the phase's lane
 * waits until the other has marked their reflection `Heard` (the rule
 * itself is cards/heardFirst.ts). Whoever may move the phases turns it on
 * or off; turning it off is its undo. Each writes under their own key, like
 * the phase, so a write the phase rule does not count changes nothing:
 *
 *   facilitation map, key `${talkId}:reflectFirst:${personId}` → { on: boolean, at: server ms }
 */
import type * as Y from 'yjs'
import { isTime } from '../core/docValues.ts'
import { facilitationMap, phaseRuleOf } from './facilitation.ts'
import { latestCountedWrite, mayMovePhases, type PhaseRule } from './phaseRule.ts'

/** The talk's setting as read: on or off, who set it (a person id) and when (server ms). */
export type ReflectFirst = { on: boolean; by: string; at: number }

const reflectFirstPrefix = (talkId: string) => `${talkId}:reflectFirst:`

/** One written setting, or null when it is not one. */
export function readReflectFirstValue(value: unknown): { on: boolean; at: number } | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  return typeof entry.on === 'boolean' && isTime(entry.at) ? { on: entry.on, at: entry.at } : null
}

/** The latest setting the phase rule counts for the talk; null when nobody has set it (it is off). */
export function readReflectFirst(doc: Y.Doc, talkId: string, rule: PhaseRule = phaseRuleOf(doc)): ReflectFirst | null {
  return latestCountedWrite(facilitationMap(doc), reflectFirstPrefix(talkId), rule, readReflectFirstValue)
}

/** Turns the rule on or off for the talk, if `by` may move its phases; stamped after the setting it replaces. */
export function setReflectFirst(doc: Y.Doc, talkId: string, on: boolean, by: string, now: number): boolean {
  const rule = phaseRuleOf(doc)
  if (!mayMovePhases(rule, by)) return false
  const at = Math.max(now, (readReflectFirst(doc, talkId, rule)?.at ?? 0) + 1)
  facilitationMap(doc).set(`${reflectFirstPrefix(talkId)}${by}`, { on, at })
  return true
}
