/**
 * The next talk, as the people on the board set it: a day and a time on the
 * wall clock of the person who set it, in their time zone, once or every
 * week. Kept as wall-clock time and zone (not a UTC instant), so a weekly
 * talk at 19:00 stays at 19:00 across a change to summer time, and a
 * calendar file can carry it with its TZID. One value under the doc's
 * `schedule` map; setting it again replaces it, clearing it removes it:
 *
 *   `nextTalk` → { date: 'YYYY-MM-DD', time: 'HH:MM', timeZone, weekly, byId, at }
 *
 * A malformed value (an odd device, a zone this browser does not know)
 * reads as no schedule.
 */
import type * as Y from 'yjs'
import { storedClaimOrNull } from './cardView.ts'
import type { ClaimField, StoredClaim } from './claims.ts'
import { isDay } from './dailyCheckIns.ts'
import { isTime } from './docValues.ts'

export type TalkSchedule = {
  /** The first (or only) talk's day, on the wall clock of `timeZone`. */
  date: string
  /** HH:MM, 24-hour. */
  time: string
  /** An IANA zone, e.g. 'Europe/Berlin'. */
  timeZone: string
  weekly: boolean
  /** Who set it: named on the board. */
  byId: string
  /** Server time it was set. */
  at: number
  /** The setter's signed 'next-talk' claim over nextTalkFields; absent on a schedule set before it was signed. */
  claim?: StoredClaim
}

export const NEXT_TALK_KEY = 'nextTalk'
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

export function scheduleMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('schedule')
}

/** Whether this browser knows the zone (a value from another device may name one it does not). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '' || value.length > 64) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

export function readTalkSchedule(value: unknown): TalkSchedule | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  const { date, time, timeZone, weekly, byId, at } = entry
  if (!isDay(date) || typeof time !== 'string' || !TIME_PATTERN.test(time) || !isTimeZone(timeZone)) return null
  if (typeof weekly !== 'boolean' || typeof byId !== 'string' || !isTime(at)) return null
  const claim = storedClaimOrNull(entry.claim)
  return claim === null ? { date, time, timeZone, weekly, byId, at } : { date, time, timeZone, weekly, byId, at, claim }
}

/** What the setter's 'next-talk' claim signs: the whole schedule as set. */
export function nextTalkFields(schedule: Omit<TalkSchedule, 'claim'>): ClaimField[] {
  return [schedule.date, schedule.time, schedule.timeZone, schedule.weekly, schedule.byId, schedule.at]
}

export function readNextTalkSchedule(doc: Y.Doc): TalkSchedule | null {
  return readTalkSchedule(scheduleMap(doc).get(NEXT_TALK_KEY))
}

/**
 * How far ahead of UTC the zone's wall clock is at an instant, in ms, as a
 * reader made once per zone (a calendar file asks it for every day of years).
 */
export function zoneOffsetReader(timeZone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  return (ms) => {
    const parts = format.formatToParts(ms)
    const part = (type: string) => Number(parts.find((each) => each.type === type)?.value ?? 0)
    const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'))
    return asUtc - Math.floor(ms / 1000) * 1000
  }
}

function zoneOffset(ms: number, timeZone: string): number {
  return zoneOffsetReader(timeZone)(ms)
}

/**
 * The instant a wall-clock day and time in a zone stand for. A time the
 * clocks skip (02:30 on the night summer time begins) is read as the same
 * time after the jump; a time they repeat, as its first occurrence.
 */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const [hour, minute] = time.split(':').map(Number) as [number, number]
  const wall = Date.UTC(year, month - 1, day, hour, minute)
  const first = wall - zoneOffset(wall, timeZone)
  const second = wall - zoneOffset(first, timeZone)
  return Math.min(first, second)
}

/** The wall-clock day `days` after `date` (calendar days, so a week is always seven of them). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/**
 * The start of the next talk the schedule holds that has not yet begun more
 * than `graceMs` ago (so "Next talk: today 19:00" stays while it may just
 * be starting), or null when a one-off talk is past.
 */
export function nextTalkAt(schedule: TalkSchedule, now: number, graceMs = 60 * MINUTE): number | null {
  const first = zonedTimeToInstant(schedule.date, schedule.time, schedule.timeZone)
  if (first >= now - graceMs) return first
  if (!schedule.weekly) return null
  // Whole weeks on the wall clock from the first one, starting near now rather than counting up from it.
  let weeks = Math.max(0, Math.floor((now - graceMs - first) / (7 * DAY)))
  for (;;) {
    const start = zonedTimeToInstant(addDays(schedule.date, weeks * 7), schedule.time, schedule.timeZone)
    if (start >= now - graceMs) return start
    weeks += 1
  }
}
