import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { dailyCheckInsMap, localDay, readDailyCheckIns } from '../../../client/core/dailyCheckIns.ts'
import { addDays, nextTalkAt, readNextTalkSchedule, scheduleMap, zonedTimeToInstant } from '../../../client/core/nextTalk.ts'

describe('daily check-ins as read from the doc', () => {
  it('keeps well-formed entries in day order and drops misfiled or out-of-range ones', () => {
    const doc = new Y.Doc()
    const map = dailyCheckInsMap(doc)
    const entry = { personId: 'p1', day: '2026-12-08', safety: 6, trust: 5, connection: 7, line: '', at: 2 }
    map.set('p1:2026-12-08', entry)
    map.set('p1:2026-12-07', { ...entry, day: '2026-12-07', at: 1, claim: { deviceId: 'd', signature: 'c2ln' } })
    map.set('p2:2026-12-08', entry) // filed under another person
    map.set('p1:2026-12-09', { ...entry, day: '2026-12-09', safety: 11 })
    map.set('p1:2026-12-10', { ...entry, day: '2026-12-10', trust: 2.5 })
    map.set('p1:2026-13-01', { ...entry, day: '2026-13-01' })
    const read = readDailyCheckIns(doc)
    expect(read.map((each) => each.day)).toEqual(['2026-12-07', '2026-12-08'])
    expect(read[0]!.claim).toEqual({ deviceId: 'd', signature: 'c2ln' })
  })

  it('counts the day on the person’s own clock', () => {
    const lateInBerlin = Date.UTC(2026, 11, 7, 23, 30)
    expect(localDay(lateInBerlin, 'Europe/Berlin')).toBe('2026-12-08')
    expect(localDay(lateInBerlin, 'America/New_York')).toBe('2026-12-07')
  })
})

describe('the next talk', () => {
  const schedule = { date: '2027-03-21', time: '19:00', timeZone: 'Europe/Berlin', weekly: true, byId: 'p1', at: 1 }

  it('reads a wall-clock time in its zone, across the change to summer time', () => {
    expect(zonedTimeToInstant('2027-03-21', '19:00', 'Europe/Berlin')).toBe(Date.UTC(2027, 2, 21, 18, 0))
    expect(zonedTimeToInstant('2027-03-28', '19:00', 'Europe/Berlin')).toBe(Date.UTC(2027, 2, 28, 17, 0))
    expect(addDays('2027-12-29', 7)).toBe('2028-01-05')
  })

  it('finds the next weekly talk, keeping one just begun', () => {
    const first = Date.UTC(2027, 2, 21, 18, 0)
    expect(nextTalkAt(schedule, first - 1000)).toBe(first)
    expect(nextTalkAt(schedule, first + 30 * 60_000)).toBe(first)
    expect(nextTalkAt(schedule, first + 2 * 3600_000)).toBe(Date.UTC(2027, 2, 28, 17, 0))
    expect(nextTalkAt({ ...schedule, weekly: false }, first + 2 * 3600_000)).toBeNull()
  })

  it('reads a malformed schedule or an unknown zone as none', () => {
    const doc = new Y.Doc()
    scheduleMap(doc).set('nextTalk', { ...schedule, timeZone: 'Mars/Olympus' })
    expect(readNextTalkSchedule(doc)).toBeNull()
    scheduleMap(doc).set('nextTalk', { ...schedule, time: '25:00' })
    expect(readNextTalkSchedule(doc)).toBeNull()
    scheduleMap(doc).set('nextTalk', schedule)
    expect(readNextTalkSchedule(doc)).toEqual(schedule)
  })
})
