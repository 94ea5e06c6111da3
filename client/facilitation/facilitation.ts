/**
 * Facilitation in the doc: a talk's phases and its speaking turn (the
 * floor), each under its own key of the `facilitation` map so that moving
 * the phase and passing the floor never overwrite each other:
 *
 *   `${talkId}:phase` → { template, index }
 *   `${talkId}:floor` → { holderId, since, ms }     (server ms)
 *
 * Two facilitators pressing `Next phase` at once both write the same next
 * index, so every screen ends on one phase. A value that is malformed (an
 * old or odd client) reads as absent: never fatal.
 */
import type * as Y from 'yjs'
import type { LaneId } from '../../shared/schema.ts'
import { isTime } from '../state/docValues.ts'

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
export type PhaseState = { template: TemplateId; index: number; phase: Phase; count: number }
export type Floor = { holderId: string; since: number; ms: number }

/** A turn's length unless another is chosen: long enough to say one thing, short enough to keep it one thing. */
export const FLOOR_MS = 2 * 60_000

export function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('facilitation')
}

export function readPhase(doc: Y.Doc, talkId: string): PhaseState | null {
  const value = facilitationMap(doc).get(`${talkId}:phase`) as { template?: unknown; index?: unknown } | undefined
  if (typeof value !== 'object' || value === null) return null
  const template = typeof value.template === 'string' && value.template in PHASE_TEMPLATES ? (value.template as TemplateId) : null
  if (template === null || !Number.isInteger(value.index)) return null
  const phases = PHASE_TEMPLATES[template].phases
  const index = Math.min(Math.max(value.index as number, 0), phases.length - 1)
  return { template, index, phase: phases[index]!, count: phases.length }
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
  facilitationMap(doc).set(`${talkId}:phase`, { template: current.template, index })
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
