/**
 * `Add to calendar`: the next talk as an iCalendar file (RFC 5545) that any
 * calendar app reads. One VEVENT at the wall-clock time and zone it was set
 * in (DTSTART;TZID with a VTIMEZONE for that zone), weekly when it repeats,
 * titled only "Our talk". Nothing of the board is in it (no name, no card,
 * no link) unless the person asks for the link: a calendar is often shared,
 * synced, or seen over a shoulder.
 */
import { zonedTimeToInstant, zoneOffsetReader, type TalkSchedule } from '../core/nextTalk.ts'

export const CALENDAR_FILE_NAME = 'our-talk.ics'
export const CALENDAR_TITLE = 'Our talk'
const DEFAULT_MINUTES = 60
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
/** How many years of the zone's clock changes the file carries, from the first talk on. */
const ZONE_YEARS = 5

export type CalendarRequest = {
  schedule: Pick<TalkSchedule, 'date' | 'time' | 'timeZone' | 'weekly'>
  /** Random per file, never the board id: a UID is visible to whoever syncs the calendar. */
  uid: string
  /** When the file is made (ms): DTSTAMP. */
  now: number
  /** The board's link, only when the person ticked "Include the board's link". */
  link?: string
  minutes?: number
}

/** The .ics text, lines ending CRLF and folded at 75 octets. */
export function talkCalendar(request: CalendarRequest): string {
  const { schedule } = request
  const zone = calendarZone(schedule.timeZone)
  const start = zonedTimeToInstant(schedule.date, schedule.time, schedule.timeZone)
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Common Ground//Next talk//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']
  if (zone !== null) lines.push(...vTimeZone(zone, start))
  lines.push(
    'BEGIN:VEVENT',
    `UID:${escapeText(request.uid)}`,
    `DTSTAMP:${utcStamp(request.now)}`,
    zone === null ? `DTSTART:${utcStamp(start)}` : `DTSTART;TZID=${zone}:${wallStamp(schedule.date, schedule.time)}`,
    `DURATION:PT${Math.max(1, Math.round(request.minutes ?? DEFAULT_MINUTES))}M`,
  )
  if (schedule.weekly) lines.push('RRULE:FREQ=WEEKLY')
  lines.push(`SUMMARY:${escapeText(CALENDAR_TITLE)}`)
  if (request.link !== undefined && request.link !== '') lines.push(`DESCRIPTION:${escapeText(request.link)}`)
  lines.push('END:VEVENT', 'END:VCALENDAR')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}

/**
 * The zone as a TZID, or null when its name is not a plain IANA name (a
 * value from another device; an offset like "+01:00" some browsers accept):
 * then the talk goes in UTC, which every calendar reads, at the cost of a
 * weekly talk moving by an hour across a change to summer time.
 */
export function calendarZone(timeZone: string): string | null {
  let canonical: string
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone
  } catch {
    return null
  }
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(canonical) && canonical.length <= 64 ? canonical : null
}

/** Backslash, semicolon, comma and line breaks escaped, as TEXT values need (RFC 5545 3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (char) => `\\${char}`).replace(/\r\n|\r|\n/g, '\\n')
}

/** A content line cut into lines of at most 75 octets, each continuation starting with a space; never inside a character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder()
  const parts: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = encoder.encode(char).length
    if (octets + size > 75) {
      parts.push(current)
      current = ' '
      octets = 1
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n')
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

function utcStamp(ms: number): string {
  const at = new Date(ms)
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`
}

function wallStamp(date: string, time: string): string {
  return `${date.replaceAll('-', '')}T${time.replace(':', '')}00`
}

/** The wall clock of a zone whose offset is `offset` ms, at an instant, as a local DATE-TIME. */
function localStamp(ms: number, offset: number): string {
  return utcStamp(ms + offset).slice(0, -1)
}

function offsetText(offset: number): string {
  const minutes = Math.round(Math.abs(offset) / MINUTE)
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}`
}

export type ZoneChange = { at: number; from: number; to: number }

/** The instants the zone's clocks change between two instants (to the minute), found from Intl's offsets day by day. */
export function zoneChanges(timeZone: string, from: number, until: number): ZoneChange[] {
  const offsetAt = zoneOffsetReader(timeZone)
  const changes: ZoneChange[] = []
  let before = Math.floor(from / MINUTE) * MINUTE
  let offset = offsetAt(before)
  for (let next = before + DAY; before < until; next += DAY) {
    const nextOffset = offsetAt(next)
    if (nextOffset !== offset) {
      // The change lies in (before, next]: narrowed to the minute.
      let low = before
      let high = next
      while (high - low > MINUTE) {
        const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE || low + MINUTE
        if (offsetAt(middle) === offset) low = middle
        else high = middle
      }
      changes.push({ at: high, from: offset, to: nextOffset })
      offset = nextOffset
    }
    before = next
  }
  return changes
}

/**
 * The VTIMEZONE for the zone, from the start of the first talk's day for a
 * few years: one observance for the clock as it stands then, and one for
 * each change after it; the ones with the larger offset are DAYLIGHT.
 */
function vTimeZone(zone: string, start: number): string[] {
  const from = start - DAY
  const changes = zoneChanges(zone, from, start + ZONE_YEARS * 365 * DAY)
  const first = zoneOffsetReader(zone)(from)
  const standard = Math.min(first, ...changes.map((change) => change.to))
  const observance = (at: number, offsetFrom: number, offsetTo: number) => {
    const kind = offsetTo > standard ? 'DAYLIGHT' : 'STANDARD'
    return [
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(at, offsetFrom)}`,
      `TZOFFSETFROM:${offsetText(offsetFrom)}`,
      `TZOFFSETTO:${offsetText(offsetTo)}`,
      `END:${kind}`,
    ]
  }
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    ...observance(Math.floor(from / MINUTE) * MINUTE, first, first),
    ...changes.flatMap((change) => observance(change.at, change.from, change.to)),
    'END:VTIMEZONE',
  ]
}
