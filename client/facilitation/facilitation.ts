/**
 * Facilitation in the doc: a talk's phases, its speaking turn (the floor)
 * and the floor's length, each under its own keys of the `facilitation` map
 * so that moving the phase and passing the floor never overwrite each other:
 *
 *   `${talkId}:phase:${personId}` → { template, index, at }, or { template: 'custom', titles, index, at }
 *   `${talkId}:phase`             → the same without `at`: boards from before phases were kept per person
 *   `${talkId}:floor`             → { holderId, since, ms }     (server ms; floor.ts)
 *   `${talkId}:floorLength:${personId}` → { ms, at }           (floor.ts)
 *   `phaseMovers`                 → whether partners may move phases (phaseRule.ts)
 *
 * Each person writes the phase under their own key, stamped with the server
 * time; a reader takes the latest write the phase rule counts (phaseRule.ts),
 * so a write the rule refuses leaves the phase where it was. Two
 * facilitators pressing `Next phase` at once both write the same next index,
 * so every screen ends on one phase. A value that is malformed (an old or
 * odd client) reads as absent: never fatal.
 */
import type * as Y from 'yjs'
import type { LaneId } from '../../shared/schema.ts'
import { isTime } from '../core/docValues.ts'
import { readPeople } from '../core/people.ts'
import { isRemoved, readRemovals } from '../core/removals.ts'
import { latestCountedWrite, mayMovePhases, readPhaseRule, type PhaseRule } from './phaseRule.ts'

export type Phase = { title: string; lane: LaneId; prompt: string }

export const PHASE_TEMPLATES = {
  guided: {
    title: 'Guided talk',
    phases: [
      { title: 'Check-in', lane: 'feelings', prompt: 'How is each of you arriving today, in a word or two?' },
      { title: 'Feelings', lane: 'feelings', prompt: 'Name what you feel, one feeling per card.' },
      { title: 'Needs', lane: 'needs', prompt: 'What would help? Name the need, not the fix.' },
      { title: 'Agreements', lane: 'agreements', prompt: 'Something small and concrete you can both say yes to.' },
      { title: 'Appreciation', lane: 'appreciations', prompt: 'End with one thing you appreciate in each other.' },
    ],
  },
  weeklyCheckIn: {
    title: 'Weekly check-in',
    phases: [
      { title: 'Appreciations', lane: 'appreciations', prompt: 'Something from this week you are grateful for.' },
      { title: 'What went well', lane: 'appreciations', prompt: 'A moment that went better than it used to.' },
      { title: 'One issue', lane: 'concerns', prompt: 'One thing to talk about — only one, gently.' },
      { title: 'Agreements', lane: 'agreements', prompt: 'What will you each try until next week?' },
    ],
  },
  // Gottman's aftermath of a regrettable incident: feelings before reasons, two realities, then one's own part and one change.
  afterHardMoment: {
    title: 'After a hard moment',
    phases: [
      { title: 'Feelings', lane: 'feelings', prompt: 'Name the feelings you had, from the list — no reasons yet.' },
      { title: 'Each of our realities', lane: 'concerns', prompt: 'Each of you describes what you saw and heard; both can be true.' },
      { title: 'Triggers', lane: 'needs', prompt: 'What from before made it hit so hard?' },
      // Appreciations, not agreements: owning one's part is given to the other, not a promise both must accept.
      { title: 'Taking responsibility', lane: 'appreciations', prompt: 'What part was yours? Say it plainly.' },
      { title: 'One thing to do differently', lane: 'agreements', prompt: 'One thing each of you will do differently next time.' },
    ],
  },
} as const satisfies Record<string, { title: string; phases: readonly Phase[] }>

export type TemplateId = keyof typeof PHASE_TEMPLATES
export type PhaseState = {
  template: TemplateId | 'custom'
  index: number
  phase: Phase
  count: number
  phases: readonly Phase[]
  /** Who moved the talk to this phase (a person id); null on a board from before phases named who moved them. */
  by: string | null
  /** When, in server ms; 0 when not known. */
  at: number
}

/** A talk's own phases: a handful of short titles, each shown with the lane its words point to. */
export const MAX_PHASES = 12
export const MAX_PHASE_TITLE = 40

/** The lane a phase of one's own brings first, from the words in its title; feelings when none match. */
const LANE_WORDS: [RegExp, LaneId][] = [
  [/need/i, 'needs'],
  [/agree|promise|plan|try/i, 'agreements'],
  [/question|ask/i, 'questions'],
  [/appreciat|thank|grateful|well|win/i, 'appreciations'],
  [/concern|worr|issue|problem/i, 'concerns'],
  [/feel|check/i, 'feelings'],
]

export function phaseFromTitle(title: string): Phase {
  return { title, lane: LANE_WORDS.find(([words]) => words.test(title))?.[1] ?? 'feelings', prompt: '' }
}

/** Titles as a person typed them, one a line: trimmed, blank lines dropped, at most MAX_PHASES of MAX_PHASE_TITLE characters. */
export function cleanPhaseTitles(lines: readonly string[]): string[] {
  return lines
    .map((line) => line.replace(/\s+/g, ' ').trim().slice(0, MAX_PHASE_TITLE))
    .filter(Boolean)
    .slice(0, MAX_PHASES)
}

export function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('facilitation')
}

/** The phase rule as the doc stands: its people and whether phases are open to the partners. */
/** The rule as the board stands: people removed from it (core/removals.ts) neither move phases nor hold the room closed. */
export function phaseRuleOf(doc: Y.Doc): PhaseRule {
  const people = readPeople(doc)
  const removals = readRemovals(doc, new Map(people.map((person) => [person.id, person])))
  return readPhaseRule(
    facilitationMap(doc),
    people.filter((person) => !isRemoved(removals, person.id)),
  )
}

type PhaseValue = Omit<PhaseState, 'by' | 'at'>

/** One written phase value, or null when it is not one. */
export function readPhaseValue(value: unknown): PhaseValue | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as { template?: unknown; index?: unknown; titles?: unknown }
  if (!Number.isInteger(entry.index)) return null
  let template: PhaseState['template']
  let phases: readonly Phase[]
  if (entry.template === 'custom' && Array.isArray(entry.titles) && entry.titles.every((title) => typeof title === 'string')) {
    template = 'custom'
    phases = cleanPhaseTitles(entry.titles as string[]).map(phaseFromTitle)
  } else if (typeof entry.template === 'string' && Object.hasOwn(PHASE_TEMPLATES, entry.template)) {
    template = entry.template as TemplateId
    phases = PHASE_TEMPLATES[template].phases
  } else {
    return null
  }
  if (phases.length === 0) return null
  const index = Math.min(Math.max(entry.index as number, 0), phases.length - 1)
  return { template, index, phase: phases[index]!, count: phases.length, phases }
}

const phasePrefix = (talkId: string) => `${talkId}:phase:`

/** The talk's phase: the latest move the phase rule counts, else what a board from before kept; null when none. */
export function readPhase(doc: Y.Doc, talkId: string, rule: PhaseRule = phaseRuleOf(doc)): PhaseState | null {
  const map = facilitationMap(doc)
  const latest = latestCountedWrite(map, phasePrefix(talkId), rule, (value) => {
    const phase = readPhaseValue(value)
    const at = (value as { at?: unknown } | null)?.at
    return phase !== null && isTime(at) ? { ...phase, at } : null
  })
  if (latest !== null) return latest
  const before = readPhaseValue(map.get(`${talkId}:phase`))
  return before === null ? null : { ...before, by: null, at: 0 }
}

/**
 * Writes a phase under the writer's own key, if the rule lets them move
 * phases; stamped after the phase it replaces, so it is the latest even
 * when this device's clock runs a little behind the last writer's.
 */
function writePhase(
  doc: Y.Doc,
  talkId: string,
  by: string,
  now: number,
  value: Omit<PhaseValue, 'phase' | 'count' | 'phases'> & { titles?: string[] },
): boolean {
  const rule = phaseRuleOf(doc)
  if (!mayMovePhases(rule, by)) return false
  const at = Math.max(now, (readPhase(doc, talkId, rule)?.at ?? 0) + 1)
  facilitationMap(doc).set(`${phasePrefix(talkId)}${by}`, { ...value, at })
  return true
}

/** Starts (or changes) a talk's phases to a list of one's own, staying on the phase of the same place where it can. */
export function setOwnPhases(doc: Y.Doc, talkId: string, titles: readonly string[], by: string, now: number): boolean {
  const cleaned = cleanPhaseTitles(titles)
  if (cleaned.length === 0) return false
  const index = Math.min(readPhase(doc, talkId)?.index ?? 0, cleaned.length - 1)
  return writePhase(doc, talkId, by, now, { template: 'custom', titles: cleaned, index })
}

export function startPhases(doc: Y.Doc, talkId: string, template: TemplateId, by: string, now: number): boolean {
  return writePhase(doc, talkId, by, now, { template, index: 0 })
}

/** Moves to the next (+1) or previous (-1) phase; stays put at either end. False when nothing moved. */
export function movePhase(doc: Y.Doc, talkId: string, step: 1 | -1, by: string, now: number): boolean {
  const current = readPhase(doc, talkId)
  if (current === null) return false
  const index = current.index + step
  if (index < 0 || index >= current.count) return false
  const titles = current.template === 'custom' ? { titles: current.phases.map((phase) => phase.title) } : {}
  return writePhase(doc, talkId, by, now, { template: current.template, index, ...titles })
}

/** Writes the talk's phase as it stands under `by`'s own key, so it stays when the writes that made it stop counting. */
export function keepPhaseAs(doc: Y.Doc, talkId: string, by: string, now: number): boolean {
  const current = readPhase(doc, talkId)
  if (current === null) return false
  const titles = current.template === 'custom' ? { titles: current.phases.map((phase) => phase.title) } : {}
  return writePhase(doc, talkId, by, now, { template: current.template, index: current.index, ...titles })
}

/** The talks that have phases or a floor length written per person. */
export function talksWithPhases(doc: Y.Doc): Set<string> {
  const talkIds = new Set<string>()
  for (const key of facilitationMap(doc).keys()) {
    const match = /^([^:]+):(phase|floorLength):/.exec(key)
    if (match) talkIds.add(match[1]!)
  }
  return talkIds
}
