/**
 * Who may move a talk's phases (and edit them, and set the floor's length).
 * With no facilitator among the board's people, anyone on the board may: a
 * couple runs its own talk. Once someone who joined as facilitator is on the
 * board, the room is theirs: only a facilitator moves the phases, unless a
 * facilitator has opened it to the partners (`Let partners move phases`).
 *
 * The rule is applied where a write is read, not only where it is offered:
 * each person's phase writes live under their own key with the server time
 * they were made, and a reader counts only the writes the rule allowed when
 * they were made. A partner's write while the room is closed is so ignored
 * on every screen alike, and the facilitator's last phase stands. (Proving
 * who wrote a key is the next step, device signatures; until then this
 * keeps honest devices, old or odd ones, to one rule.)
 *
 *   facilitation map, key `phaseMovers` → { open: boolean, by: personId, at: server ms }
 */
import type * as Y from 'yjs'
import type { Person } from '../../shared/schema.ts'
import { isTime } from '../core/docValues.ts'

export const PHASE_MOVERS_KEY = 'phaseMovers'

/** The facilitator's opening of the room to the partners, as read: only a facilitator on the board can open it. */
export type PhaseMovers = { open: boolean; by: Person; at: number }

/** What the rule needs: the board's people and whether a facilitator opened phases to the partners. */
export type PhaseRule = { people: readonly Person[]; movers: PhaseMovers | null }

/** The room's setting as written, or null when it is not one a facilitator on the board made. */
export function readPhaseMovers(value: unknown, people: readonly Person[]): PhaseMovers | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  if (typeof entry.open !== 'boolean' || !isTime(entry.at)) return null
  const by = people.find((person) => person.id === entry.by)
  if (by?.role !== 'facilitator') return null
  return { open: entry.open, by, at: entry.at }
}

export function readPhaseRule(facilitation: Y.Map<unknown>, people: readonly Person[]): PhaseRule {
  return { people, movers: readPhaseMovers(facilitation.get(PHASE_MOVERS_KEY), people) }
}

/** The facilitators on the board, the one who joined first first. */
function facilitators(people: readonly Person[]): Person[] {
  return people.filter((person) => person.role === 'facilitator').sort((a, b) => a.joinedAt - b.joinedAt)
}

/** Whether this person may move the phases now (what the screen offers and the model writes). */
export function mayMovePhases(rule: PhaseRule, personId: string | null | undefined): boolean {
  const person = rule.people.find((each) => each.id === personId)
  if (person === undefined) return false
  if (person.role === 'facilitator' || facilitators(rule.people).length === 0) return true
  return rule.movers?.open === true
}

/**
 * Whether a write by `writerId` at server time `at` counts: its writer is on
 * the board, and the rule allowed it then. A partner's write counts when no
 * facilitator had joined yet, or when it came after a facilitator opened the
 * phases to the partners and they are still open. (Closing them keeps what
 * the partners moved: the closing facilitator's device writes the phase as
 * it stands, under the facilitator's own key, at the moment of closing.)
 */
export function writeCounts(rule: PhaseRule, writerId: string, at: number): boolean {
  if (!isTime(at)) return false
  const writer = rule.people.find((person) => person.id === writerId)
  if (writer === undefined) return false
  if (writer.role === 'facilitator') return true
  const first = facilitators(rule.people)[0]
  if (first === undefined || at < first.joinedAt) return true
  return rule.movers?.open === true && at >= rule.movers.at
}

/**
 * Among the keys `${prefix}${personId}` of the map, the latest write that
 * counts (ties broken by person id, so every screen picks the same one), read
 * by `read`; null when none does.
 */
export function latestCountedWrite<T>(
  facilitation: Y.Map<unknown>,
  prefix: string,
  rule: PhaseRule,
  read: (value: unknown) => (T & { at: number }) | null,
): (T & { at: number; by: string }) | null {
  let latest: (T & { at: number; by: string }) | null = null
  for (const [key, value] of facilitation) {
    if (!key.startsWith(prefix)) continue
    const by = key.slice(prefix.length)
    const entry = read(value)
    if (entry === null || !writeCounts(rule, by, entry.at)) continue
    if (latest === null || entry.at > latest.at || (entry.at === latest.at && by > latest.by)) latest = { ...entry, by }
  }
  return latest
}
