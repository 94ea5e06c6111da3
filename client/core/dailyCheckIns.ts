/**
 * The daily check-in: once a day, each person says how safe, how trusting
 * and how connected they feel (0–10 each) and, if they like, one line about
 * their day. One entry per person and day, under its own key of the doc's
 * `dailyCheckIns` map, so partners checking in at once never overwrite each
 * other, and a person who changes their answers that day simply rewrites it:
 *
 *   `${personId}:${day}` → DailyCheckIn     (day: the person's own local day, YYYY-MM-DD)
 *
 * The entry carries its maker's signed 'daily-check-in' claim (claims.ts);
 * a malformed or misfiled entry reads as absent, a malformed claim as none.
 * Kept apart from the `Kept` / `Missed` check-ins on agreements
 * (checkIns/checkIns.ts), which belong to a talk.
 */
import type * as Y from 'yjs'
import { storedClaimOrNull } from './cardView.ts'
import type { ClaimField, StoredClaim } from './claims.ts'
import { isTime } from './docValues.ts'

/** The three things asked each day, in the order they are asked and drawn. */
export const DAILY_MEASURES = ['safety', 'trust', 'connection'] as const
export type DailyMeasure = (typeof DAILY_MEASURES)[number]

export const DAILY_SCALE_MIN = 0
export const DAILY_SCALE_MAX = 10
/** "What I'd like you to know about my day": one line, not a letter. */
export const MAX_DAILY_LINE = 280

export type DailyCheckIn = {
  personId: string
  /** The person's own local day when they checked in, YYYY-MM-DD. */
  day: string
  safety: number
  trust: number
  connection: number
  /** '' when they left it empty. */
  line: string
  /** Server time it was saved (or last changed). */
  at: number
  claim?: StoredClaim
}

export function dailyCheckInsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('dailyCheckIns')
}

export function dailyCheckInKey(personId: string, day: string): string {
  return `${personId}:${day}`
}

const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY_PATTERN.test(value)
}

function isScore(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= DAILY_SCALE_MIN && (value as number) <= DAILY_SCALE_MAX
}

/** One entry as read: null when its shape or its key does not fit. */
export function readDailyCheckIn(key: string, value: unknown): DailyCheckIn | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  const { personId, day, safety, trust, connection, line, at } = entry
  if (typeof personId !== 'string' || !isDay(day) || !isTime(at)) return null
  if (!isScore(safety) || !isScore(trust) || !isScore(connection)) return null
  if (typeof line !== 'string' || line.length > MAX_DAILY_LINE) return null
  if (key !== dailyCheckInKey(personId, day)) return null
  const read: DailyCheckIn = { personId, day, safety, trust, connection, line, at }
  const claim = storedClaimOrNull(entry.claim)
  return claim === null ? read : { ...read, claim }
}

/** Every valid entry, by day, then by time saved. */
export function readDailyCheckIns(doc: Y.Doc): DailyCheckIn[] {
  const entries: DailyCheckIn[] = []
  for (const [key, value] of dailyCheckInsMap(doc)) {
    const entry = readDailyCheckIn(key, value)
    if (entry !== null) entries.push(entry)
  }
  return entries.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.at - b.at))
}

/** What a daily check-in's claim signs: who, which day, the three answers and the line. */
export function dailyCheckInFields(entry: Omit<DailyCheckIn, 'at' | 'claim'>): ClaimField[] {
  return [entry.personId, entry.day, entry.safety, entry.trust, entry.connection, entry.line]
}

/**
 * The local day (YYYY-MM-DD) a moment falls on, in the viewer's time zone
 * unless one is given: the day a person checks in is their own, so a check-in
 * at 23:30 in Berlin is not counted on the next day because the server is in UTC.
 */
export function localDay(ms: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms)
  const part = (type: string) => parts.find((each) => each.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

/** The latest day a person checked in, or null. */
export function lastDailyCheckIn(entries: readonly DailyCheckIn[], personId: string): DailyCheckIn | null {
  return entries.filter((entry) => entry.personId === personId).at(-1) ?? null
}
