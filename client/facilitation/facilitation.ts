/**
 * Facilitation in the doc: a talk's phases and its speaking turn (the
 * floor), each under its own key of the `facilitation` map so that moving
 * the phase and passing the floor never overwrite each other:
 *
 *   `${talkId}:phase` → { template, index }, or { template: 'custom', titles, index }
 *   `${talkId}:floor` → { holderId, since, ms }     (server ms)
 *
 * Two facilitators pressing `Next phase` at once both write the same next
 * index, so every screen ends on one phase. A value that is malformed (an
 * old or odd client) reads as absent: never fatal.
 */
import type * as Y from 'yjs'
import type { LaneId } from '../../shared/schema.ts'
import { isTime } from '../core/docValues.ts'

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
} as const satisfies Record<string, { title: string; phases: readonly Phase[] }>

export type TemplateId = keyof typeof PHASE_TEMPLATES
export type PhaseState = { template: TemplateId | 'custom'; index: number; phase: Phase; count: number; phases: readonly Phase[] }

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
export type Floor = { holderId: string; since: number; ms: number }

/** A turn's length unless another is chosen: long enough to say one thing, short enough to keep it one thing. */
export const FLOOR_MS = 2 * 60_000

export function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('facilitation')
}

export function readPhase(doc: Y.Doc, talkId: string): PhaseState | null {
  const value = facilitationMap(doc).get(`${talkId}:phase`) as { template?: unknown; index?: unknown; titles?: unknown } | undefined
  if (typeof value !== 'object' || value === null || !Number.isInteger(value.index)) return null
  let template: PhaseState['template']
  let phases: readonly Phase[]
  if (value.template === 'custom' && Array.isArray(value.titles) && value.titles.every((title) => typeof title === 'string')) {
    template = 'custom'
    phases = cleanPhaseTitles(value.titles as string[]).map(phaseFromTitle)
  } else if (typeof value.template === 'string' && value.template in PHASE_TEMPLATES) {
    template = value.template as TemplateId
    phases = PHASE_TEMPLATES[template].phases
  } else {
    return null
  }
  if (phases.length === 0) return null
  const index = Math.min(Math.max(value.index as number, 0), phases.length - 1)
  return { template, index, phase: phases[index]!, count: phases.length, phases }
}

/** Starts (or changes) a talk's phases to a list of one's own, staying on the phase of the same place where it can. */
export function setOwnPhases(doc: Y.Doc, talkId: string, titles: readonly string[]): boolean {
  const cleaned = cleanPhaseTitles(titles)
  if (cleaned.length === 0) return false
  const index = Math.min(readPhase(doc, talkId)?.index ?? 0, cleaned.length - 1)
  facilitationMap(doc).set(`${talkId}:phase`, { template: 'custom', titles: cleaned, index })
  return true
}

export function startPhases(doc: Y.Doc, talkId: string, template: TemplateId): void {
  facilitationMap(doc).set(`${talkId}:phase`, { template, index: 0 })
}

/** Moves to the next (+1) or previous (-1) phase; stays put at either end. */
export function movePhase(doc: Y.Doc, talkId: string, step: 1 | -1): void {
  const current = readPhase(doc, talkId)
  if (current === null) return
  const index = current.index + step
  if (index < 0 || index >= current.count) return
  const titles = current.template === 'custom' ? { titles: current.phases.map((phase) => phase.title) } : {}
  facilitationMap(doc).set(`${talkId}:phase`, { template: current.template, index, ...titles })
}

export function readFloor(doc: Y.Doc, talkId: string): Floor | null {
  const value = facilitationMap(doc).get(`${talkId}:floor`) as Partial<Floor> | undefined
  if (typeof value !== 'object' || value === null) return null
  if (typeof value.holderId !== 'string' || !isTime(value.since) || !isTime(value.ms) || value.ms <= 0) return null
  return { holderId: value.holderId, since: value.since, ms: value.ms }
}

export function giveFloor(doc: Y.Doc, talkId: string, holderId: string, now: number, ms = FLOOR_MS): void {
  facilitationMap(doc).set(`${talkId}:floor`, { holderId, since: now, ms } satisfies Floor)
}
