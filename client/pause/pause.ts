/**
 * The pause signal, in the doc. A pause is stored as a start and a length in
 * server time, so every screen counts down alike; it ends only when every
 * partner has said they are ready after the countdown.
 *
 * Everything here is read defensively: a pause written by a faulty device
 * must not stop the board forever. A malformed pause is ignored; a length is
 * capped at 24 hours; a pause that nobody resumed lapses a day after its
 * return time.
 */
import * as Y from 'yjs'
import { EXTEND_PAUSE_MINUTES, MAX_PAUSE_MS, PauseField, type PauseRecord, type Person } from '../../shared/schema.ts'
import { isTime } from '../core/docValues.ts'
import { newId } from '../core/ids.ts'
import { isValidPauseLength } from '../core/settings.ts'

export type PausePhase = 'counting' | 'awaitingReady'

/** An active pause as every screen shows it. */
export type ActivePause = {
  id: string
  phase: PausePhase
  startedAt: number
  /** The return time: when the countdown ends, in server ms. */
  endsAt: number
  talkId: string | null
  /** Null unless the board records who paused. */
  pausedBy: string | null
  /** Partners who said they are ready for this return time. */
  readyIds: string[]
  waitingIds: string[]
}

/** A pause whose start lies further ahead than this is from a device far off the server's time: not yet valid. */
const FUTURE_START_SLACK_MS = 10 * 60 * 1000
/** A pause left unresolved this long after its return time is over: nobody is held in a pause forever. */
const LAPSE_AFTER_MS = 24 * 60 * 60 * 1000
/** How long whoever raised a pause may take it back: a tap by mistake is mended at once, a real pause stands. */
export const TAKE_BACK_MS = 60 * 1000
/** How long after a pause was taken back the other screens still say so. */
const TAKEN_BACK_NOTICE_MS = 10 * 60 * 1000

export function pauseMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('pause')
}

export function pauseLogMap(doc: Y.Doc): Y.Map<PauseRecord> {
  return doc.getMap<PauseRecord>('pauseLog')
}

type StoredPause = {
  id: string
  startedAt: number
  endsAt: number
  totalMs: number
  talkId: string | null
  pausedBy: string | null
  ready: Map<string, number>
  resumedAt: number | null
  /** Null unless taken back within its first minute. */
  takenBackAt: number | null
}

/** The current pause's fields, checked; null when absent or malformed. */
function readStored(doc: Y.Doc): StoredPause | null {
  const fields = pauseMap(doc).get('current')
  if (!(fields instanceof Y.Map)) return null
  const id = fields.get(PauseField.id)
  const startedAt = fields.get(PauseField.startedAt)
  const durationMs = fields.get(PauseField.durationMs)
  if (typeof id !== 'string' || !isTime(startedAt) || !isTime(durationMs)) return null
  if (durationMs <= 0 || durationMs > MAX_PAUSE_MS) return null
  let totalMs = durationMs
  const extensions = fields.get(PauseField.extensions)
  if (extensions instanceof Y.Map) {
    for (const added of (extensions as Y.Map<unknown>).values()) if (isTime(added) && added > 0) totalMs += added
  }
  totalMs = Math.min(totalMs, MAX_PAUSE_MS)
  const ready = new Map<string, number>()
  const readyMap = fields.get(PauseField.ready)
  if (readyMap instanceof Y.Map) {
    for (const [personId, at] of readyMap as Y.Map<unknown>) if (isTime(at)) ready.set(personId, at)
  }
  const talkId = fields.get(PauseField.talkId)
  const pausedBy = fields.get(PauseField.pausedBy)
  const resumedAt = fields.get(PauseField.resumedAt)
  const takenBackAt = fields.get(PauseField.takenBackAt)
  return {
    id,
    startedAt,
    endsAt: startedAt + totalMs,
    totalMs,
    talkId: typeof talkId === 'string' ? talkId : null,
    pausedBy: typeof pausedBy === 'string' ? pausedBy : null,
    ready,
    resumedAt: isTime(resumedAt) ? resumedAt : null,
    // Only a take-back inside the first minute counts as one; a later time is someone's mistake, not a take-back.
    takenBackAt: isTime(takenBackAt) && takenBackAt >= startedAt && takenBackAt <= startedAt + TAKE_BACK_MS ? takenBackAt : null,
  }
}

/** The pause every screen shows at `now` (server time), or null when the talk is on. */
export function readPause(doc: Y.Doc, people: ReadonlyMap<string, Person>, now: number): ActivePause | null {
  const pause = readStored(doc)
  if (!pause || pause.resumedAt !== null) return null
  if (pause.startedAt > now + FUTURE_START_SLACK_MS || now > pause.endsAt + LAPSE_AFTER_MS) return null
  // Only partners are asked: a facilitator's "ready" does not end the couple's pause.
  const partners = [...people.values()].filter((person) => person.role === 'partner').map((person) => person.id)
  // Ready counts for the return time it was given at: an extension asks again.
  const readyIds = partners.filter((id) => (pause.ready.get(id) ?? -Infinity) >= pause.endsAt)
  const waitingIds = partners.filter((id) => !readyIds.includes(id))
  const countdownOver = now >= pause.endsAt
  if (countdownOver && waitingIds.length === 0) return null
  return {
    id: pause.id,
    phase: countdownOver ? 'awaitingReady' : 'counting',
    startedAt: pause.startedAt,
    endsAt: pause.endsAt,
    talkId: pause.talkId,
    pausedBy: pause.pausedBy,
    readyIds,
    waitingIds,
  }
}

/** `talkId` null between talks: a pause then starts no talk by itself. */
export type NewPause = {
  minutes: number
  now: number
  talkId: string | null
  pausedBy: string | null
  /** The new pause's id, when the caller wants to know it (to remember which pause it raised). */
  id?: string
}

/**
 * Starts a pause, unless one is already on (pressing Pause again changes
 * nothing). The pause it replaces goes to the log for the timeline.
 * Returns false when the length is refused.
 */
export function startPause(doc: Y.Doc, people: ReadonlyMap<string, Person>, pause: NewPause): boolean {
  if (!isValidPauseLength(pause.minutes)) return false
  if (readPause(doc, people, pause.now)) return true
  doc.transact(() => {
    const previous = readStored(doc)
    if (previous) pauseLogMap(doc).set(previous.id, toRecord(previous))
    const fields = new Y.Map<unknown>()
    fields.set(PauseField.id, pause.id ?? newId())
    fields.set(PauseField.startedAt, pause.now)
    fields.set(PauseField.durationMs, Math.round(pause.minutes * 60_000))
    fields.set(PauseField.talkId, pause.talkId)
    if (pause.pausedBy) fields.set(PauseField.pausedBy, pause.pausedBy)
    fields.set(PauseField.extensions, new Y.Map())
    fields.set(PauseField.ready, new Y.Map())
    pauseMap(doc).set('current', fields)
  })
  return true
}

/** Adds EXTEND_PAUSE_MINUTES from the later of the return time and now, within the 24-hour cap. */
export function extendPause(doc: Y.Doc, now: number): void {
  const pause = readStored(doc)
  const extensions = (pauseMap(doc).get('current') as Y.Map<unknown> | undefined)?.get(PauseField.extensions)
  if (!pause || !(extensions instanceof Y.Map)) return
  const wanted = Math.max(pause.endsAt, now) + EXTEND_PAUSE_MINUTES * 60_000 - pause.endsAt
  const added = Math.min(wanted, MAX_PAUSE_MS - pause.totalMs)
  if (added > 0) (extensions as Y.Map<number>).set(newId(), added)
}

/** A partner says they are ready; the last one to do so resumes the talk for everyone. */
export function sayReady(doc: Y.Doc, people: ReadonlyMap<string, Person>, personId: string, now: number): void {
  const active = readPause(doc, people, now)
  const fields = pauseMap(doc).get('current')
  if (!active || active.phase !== 'awaitingReady' || !(fields instanceof Y.Map)) return
  doc.transact(() => {
    const ready = fields.get(PauseField.ready)
    if (ready instanceof Y.Map) (ready as Y.Map<number>).set(personId, active.endsAt)
    // Written down, not only derived, so a partner who joins later cannot reopen a pause that ended.
    if (!readPause(doc, people, now)) fields.set(PauseField.resumedAt, now)
  })
}

/** True while `now` is inside the pause's first minute, when whoever raised it may take it back. */
export function canTakeBack(pause: Pick<ActivePause, 'startedAt'>, now: number): boolean {
  return now >= pause.startedAt - FUTURE_START_SLACK_MS && now < pause.startedAt + TAKE_BACK_MS
}

/**
 * Ends the pause `pauseId` for everyone, if it is still on and in its first
 * minute. Only the raising device offers this, and nothing names it: the
 * doc says that the pause was taken back, never by whom. resumedAt is set
 * too, so devices that know nothing of taking back end the pause as well.
 * Returns false when it is too late (the all-ready rule stands) or the
 * pause is another one.
 */
export function takeBackPause(doc: Y.Doc, people: ReadonlyMap<string, Person>, pauseId: string, now: number): boolean {
  const active = readPause(doc, people, now)
  const fields = pauseMap(doc).get('current')
  if (!active || active.id !== pauseId || !canTakeBack(active, now) || !(fields instanceof Y.Map)) return false
  const at = Math.max(now, active.startedAt)
  doc.transact(() => {
    fields.set(PauseField.takenBackAt, at)
    fields.set(PauseField.resumedAt, at)
  })
  return true
}

/** When the latest pause was taken back, while that is recent enough to tell the others; null otherwise. */
export function readTakenBack(doc: Y.Doc, now: number): { pauseId: string; at: number } | null {
  const pause = readStored(doc)
  if (!pause || pause.takenBackAt === null || now - pause.takenBackAt > TAKEN_BACK_NOTICE_MS) return null
  return { pauseId: pause.id, at: pause.takenBackAt }
}

/** Every pause taken on the board, for the timeline: no names, only when and how long. */
export function readPauseRecords(doc: Y.Doc): PauseRecord[] {
  const records: PauseRecord[] = []
  for (const [id, record] of pauseLogMap(doc)) if (isPauseRecord(record) && record.id === id) records.push(record)
  const current = readStored(doc)
  if (current && !records.some((record) => record.id === current.id)) records.push(toRecord(current))
  return records.sort((a, b) => a.startedAt - b.startedAt)
}

function toRecord(pause: StoredPause): PauseRecord {
  const record: PauseRecord = {
    id: pause.id,
    talkId: pause.talkId,
    startedAt: pause.startedAt,
    minutes: Math.round(pause.totalMs / 60_000),
  }
  if (pause.takenBackAt !== null) record.takenBack = true
  return pause.resumedAt === null ? record : { ...record, resumedAt: pause.resumedAt }
}

function isPauseRecord(value: unknown): value is PauseRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    typeof record.id === 'string' &&
    isTime(record.startedAt) &&
    isTime(record.minutes) &&
    (record.talkId === null || typeof record.talkId === 'string')
  )
}
