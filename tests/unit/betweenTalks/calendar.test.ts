import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { zonedTimeToInstant } from '../../../client/core/nextTalk.ts'
import { calendarZone, escapeText, foldLine, talkCalendar, zoneChanges } from '../../../client/schedule/calendar.ts'

const weekly = { date: '2026-12-13', time: '19:00', timeZone: 'Europe/Berlin', weekly: true }
const NOW = Date.UTC(2026, 11, 8, 10, 0)

function parsed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
  return { calendar, event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!) }
}

describe('the next talk as an .ics file', () => {
  it('holds one event at the wall-clock time in its zone, with that zone, weekly, titled "Our talk"', () => {
    const text = talkCalendar({ schedule: weekly, uid: 'f00d@common-ground', now: NOW })
    expect(text).toContain('\r\nDTSTART;TZID=Europe/Berlin:20261213T190000\r\n')
    expect(text).toContain('\r\nRRULE:FREQ=WEEKLY\r\n')
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:[^\r\n]+\r\nCALSCALE:GREGORIAN\r\n/)
    expect(text).toContain('\r\nDTSTAMP:20261208T100000Z\r\n')
    expect(text).toContain('\r\nDURATION:PT60M\r\n')
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true)
    // Every line ends CRLF: no bare LF anywhere.
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)

    const { calendar, event } = parsed(text)
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
    expect(event.summary).toBe('Our talk')
    expect(event.uid).toBe('f00d@common-ground')
    expect(event.description).toBeNull()
    expect(event.startDate.zone?.tzid).toBe('Europe/Berlin')
    expect(event.startDate.toString()).toBe('2026-12-13T19:00:00')
    expect(event.startDate.toJSDate().getTime()).toBe(zonedTimeToInstant('2026-12-13', '19:00', 'Europe/Berlin'))
    expect(event.isRecurring()).toBe(true)
    expect(event.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY')
  })

  it('keeps a weekly talk at 19:00 on the wall clock across the change to summer time (the VTIMEZONE is right)', () => {
    const { event } = parsed(talkCalendar({ schedule: weekly, uid: 'u', now: NOW }))
    const iterator = event.iterator()
    const starts: number[] = []
    for (let week = 0; week < 20; week += 1) starts.push(iterator.next()!.toJSDate().getTime())
    // 2026-12-13 … 2027-04-25: each is 19:00 in Berlin, whether winter (UTC+1) or summer (UTC+2).
    for (const start of starts) {
      const wall = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(start)
      expect(wall).toBe('19:00')
    }
    expect(new Set(starts.map((start) => new Date(start).getUTCHours()))).toEqual(new Set([18, 17]))
  })

  it('is read right in a zone south of the equator and one without summer time', () => {
    for (const timeZone of ['Australia/Sydney', 'Asia/Tokyo', 'America/New_York']) {
      const schedule = { date: '2027-03-28', time: '08:30', timeZone, weekly: true }
      const { event } = parsed(talkCalendar({ schedule, uid: 'u', now: NOW }))
      const iterator = event.iterator()
      for (let week = 0; week < 30; week += 1) {
        const start = iterator.next()!.toJSDate().getTime()
        const wall = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(start)
        expect(wall).toBe('08:30')
      }
    }
  })

  it('finds the zone’s clock changes to the minute', () => {
    const changes = zoneChanges('Europe/Berlin', Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1))
    expect(changes.map((change) => new Date(change.at).toISOString())).toEqual(['2027-03-28T01:00:00.000Z', '2027-10-31T01:00:00.000Z'])
    expect(changes[0]).toMatchObject({ from: 3_600_000, to: 7_200_000 })
    expect(zoneChanges('Asia/Tokyo', Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1))).toEqual([])
  })

  it('holds a one-off talk without a rule', () => {
    const text = talkCalendar({ schedule: { ...weekly, weekly: false }, uid: 'u', now: NOW })
    expect(text).not.toContain('RRULE')
    expect(parsed(text).event.isRecurring()).toBe(false)
  })

  it('carries the board’s link only when asked, escaped and folded, and nothing else of the board', () => {
    const without = talkCalendar({ schedule: weekly, uid: 'u', now: NOW })
    expect(without).not.toMatch(/DESCRIPTION|URL|http/)
    const link = 'https://talk.example/b/AAAAAAAAAAAAAAAAAAAAAA#' + 'x'.repeat(43) + ',;\\'
    const text = talkCalendar({ schedule: weekly, uid: 'u', now: NOW, link })
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(text).toMatch(/\r\nDESCRIPTION:https:/)
    expect(parsed(text).event.description).toBe(link)
  })

  it('escapes TEXT values and folds on whole characters', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne')
    const long = 'DESCRIPTION:' + 'ü'.repeat(70)
    const folded = foldLine(long)
    const lines = folded.split('\r\n')
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(lines.slice(1).every((line) => line.startsWith(' '))).toBe(true)
    expect(lines.map((line, index) => (index === 0 ? line : line.slice(1))).join('')).toBe(long)
  })

  it('writes a TZID only for a plain IANA name this browser knows', () => {
    expect(calendarZone('Europe/Berlin')).toBe('Europe/Berlin')
    expect(calendarZone('Nowhere/Nothing')).toBeNull()
    expect(calendarZone('Europe/Berlin;X=1')).toBeNull()
    // Canonical names only: the TZID is written as Intl resolves it.
    expect(calendarZone('europe/berlin')).toBe('Europe/Berlin')
  })
})
