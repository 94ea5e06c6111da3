/**
 * The pause signal, in the doc. A pause is stored as a start and a length in
 * server time, so every screen counts down alike; it ends only when every
 * partner has said they are ready after the countdown.
 *
 * Everything here is read defensively: a pause written by a faulty device
 * must not stop the board forever. A malformed pause is ignored; a length is
 * capped at 24 hours; a pause that nobody resumed lapses a day after its
 * return time.
 *
 * `I'm ready` is signed by the device that says it ([pauseId, personId,
 * return time], kept beside `ready`): a ready that does not verify as that
 * partner's own ends the pause for no one, and is shown calmly as not
 * verified. One still being checked counts, so a resumed talk never flashes
 * back into a pause while its readies are checked. The pause itself names
 * nobody, by design.
 */
import * as Y from 'yjs'
import { EXTEND_PAUSE_MINUTES, MAX_PAUSE_MS, PauseField, type PauseRecord, type Person } from '../../shared/schema.ts'
import type { Signer } from '../../shared/signing.ts'
import { signClaim, type ClaimField, type ClaimKind } from '../core/claims.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { isTime } from '../core/docValues.ts'
import type { UnverifiedState } from '../ui/unverifiedWords.ts'
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
  /** Partners who said they are ready for this return time (verified as theirs, or still being checked). */
  readyIds: string[]
  waitingIds: string[]
  /** A ready under a partner's name that does not verify as theirs: it ends nothing, and is said apart. */
  unverifiedReady: { personId: string; state: UnverifiedState }[]
}

/** The verdict on a claim (BoardTrust.verdict on screen; a checked one in Node). */
export type VerdictOf = (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Verdict

/** What `I'm ready` signs: this pause, this partner, the return time they were ready for. */
export function readyFields(pauseId: string, personId: string, at: number): ClaimField[] {
  return [pauseId, personId, at]
}

/** At least this many partners' verified readies (or all, when fewer are on the board) make a written resumedAt stand. */
const PARTNERS_NEEDED = 2

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
  /** personId → the stored claim beside their ready, unchecked. */
  readyClaims: Map<string, unknown>
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
  const readyClaims = new Map<string, unknown>()
  const claimsMap = fields.get(PauseField.readyClaims)
  if (claimsMap instanceof Y.Map) for (const [personId, claim] of claimsMap as Y.Map<unknown>) readyClaims.set(personId, claim)
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
    readyClaims,
    resumedAt: isTime(resumedAt) ? resumedAt : null,
    // Only a take-back inside the first minute counts as one; a later time is someone's mistake, not a take-back.
    takenBackAt: isTime(takenBackAt) && takenBackAt >= startedAt && takenBackAt <= startedAt + TAKE_BACK_MS ? takenBackAt : null,
  }
}

/** The pause every screen shows at `now` (server time), or null when the talk is on. */
export function readPause(doc: Y.Doc, people: ReadonlyMap<string, Person>, now: number, verdictOf: VerdictOf): ActivePause | null {
  const pause = readStored(doc)
  if (!pause) return null
  if (pause.startedAt > now + FUTURE_START_SLACK_MS || now > pause.endsAt + LAPSE_AFTER_MS) return null
  // Only partners are asked: a facilitator's "ready" does not end the couple's pause.
  const partners = [...people.values()].filter((person) => person.role === 'partner').map((person) => person.id)
  const readyState = (id: string) =>
    verdictOf('ready', readyFields(pause.id, id, pause.ready.get(id)!), pause.readyClaims.get(id), id).state
  // Ready counts for the return time it was given at (an extension asks again), and only as that partner's own.
  const saidReady = partners.filter((id) => (pause.ready.get(id) ?? -Infinity) >= pause.endsAt)
  const states = new Map(saidReady.map((id) => [id, readyState(id)]))
  const readyIds = saidReady.filter((id) => states.get(id) === 'verified' || states.get(id) === 'checking')
  // Written down when the last partner said ready; it stands on readies that verify (or on a take-back, which names nobody).
  if (pause.resumedAt !== null && (pause.takenBackAt !== null || readyIds.length >= Math.min(PARTNERS_NEEDED, partners.length))) return null
  const unverifiedReady = saidReady.flatMap((id) => {
    const state = states.get(id)
    return state === 'unsigned' || state === 'unconfirmed' || state === 'not-verified' ? [{ personId: id, state }] : []
  })
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
    unverifiedReady,
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
export function startPause(doc: Y.Doc, people: ReadonlyMap<string, Person>, pause: NewPause, verdictOf: VerdictOf): boolean {
  if (!isValidPauseLength(pause.minutes)) return false
  if (readPause(doc, people, pause.now, verdictOf)) return true
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
    fields.set(PauseField.readyClaims, new Y.Map())
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

export type ReadySaying = {
  people: ReadonlyMap<string, Person>
  personId: string
  now: () => number
  boardId: string
  signer: Signer | null
  verdictOf: VerdictOf
}

/**
 * A partner says they are ready, signed first, then written with its claim
 * in one transaction; the last one to do so resumes the talk for everyone.
 * Nothing is written when the pause changed while signing (another pause,
 * an extension): the ready was for a return time no longer there.
 */
export async function sayReady(doc: Y.Doc, saying: ReadySaying): Promise<void> {
  const { people, personId, now, verdictOf } = saying
  const active = readPause(doc, people, now(), verdictOf)
  if (!active || active.phase !== 'awaitingReady') return
  const claim = saying.signer && (await signClaim(saying.signer, saying.boardId, 'ready', readyFields(active.id, personId, active.endsAt)))
  const fields = pauseMap(doc).get('current')
  const still = readPause(doc, people, now(), verdictOf)
  if (!(fields instanceof Y.Map) || still?.id !== active.id || still.endsAt !== active.endsAt) return
  doc.transact(() => {
    const ready = fields.get(PauseField.ready)
    if (ready instanceof Y.Map) (ready as Y.Map<number>).set(personId, active.endsAt)
    let claims = fields.get(PauseField.readyClaims)
    if (!(claims instanceof Y.Map)) {
      // A pause from before signing: its map is made now.
      claims = new Y.Map()
      fields.set(PauseField.readyClaims, claims)
    }
    if (claim) (claims as Y.Map<unknown>).set(personId, claim)
    else (claims as Y.Map<unknown>).delete(personId)
    // Written down, not only derived, so a partner who joins later cannot reopen a pause that ended.
    if (!readPause(doc, people, now(), verdictOf)) fields.set(PauseField.resumedAt, now())
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
export function takeBackPause(
  doc: Y.Doc,
  people: ReadonlyMap<string, Person>,
  pauseId: string,
  now: number,
  verdictOf: VerdictOf,
): boolean {
  const active = readPause(doc, people, now, verdictOf)
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
