import { describe, expect, it } from 'vitest'
import type { DailyCheckIn } from '../../../client/core/dailyCheckIns.ts'
import { dayNumber, personLines, rollingAverage } from '../../../client/dailyCheckIn/trend.ts'

describe('the gentle trend of How we’ve been', () => {
  it('averages each day with the six days before it, so one low day is a dip, not a fall', () => {
    const week = [6, 6, 7, 7, 7, 2, 8].map((value, index) => ({ day: `2027-03-0${index + 1}`, value }))
    const trend = rollingAverage(week)
    expect(trend.map((point) => point.trend)).toEqual([6, 6, 6.3, 6.5, 6.6, 5.8, 6.1])
    // The low day's own answer is 2; the line through it stays near 6.
    expect(trend[5]).toEqual({ day: '2027-03-06', value: 2, trend: 5.8 })
  })

  it('lets a day drop out of the window once seven days have passed', () => {
    const trend = rollingAverage([
      { day: '2027-03-01', value: 0 },
      { day: '2027-03-07', value: 10 },
      { day: '2027-03-08', value: 10 },
    ])
    expect(trend.map((point) => point.trend)).toEqual([0, 5, 10])
  })

  it('counts a skipped day as no answer, not as a zero, and reads days across months and in any order', () => {
    const trend = rollingAverage([
      { day: '2027-03-02', value: 8 },
      { day: '2027-02-27', value: 4 },
    ])
    expect(trend).toEqual([
      { day: '2027-02-27', value: 4, trend: 4 },
      { day: '2027-03-02', value: 8, trend: 6 },
    ])
    expect(dayNumber('2027-03-01') - dayNumber('2027-02-28')).toBe(1)
  })

  it('gives each person their three lines, in the order given, leaving out who has not checked in', () => {
    const entry = (personId: string, day: string, safety: number): DailyCheckIn => ({
      personId,
      day,
      safety,
      trust: 5,
      connection: 10 - safety,
      line: '',
      at: 1,
    })
    const lines = personLines(
      [entry('jordan', '2027-03-01', 4), entry('maya', '2027-03-01', 6), entry('maya', '2027-03-02', 8)],
      ['maya', 'sam', 'jordan'],
    )
    expect(lines.map((line) => line.personId)).toEqual(['maya', 'jordan'])
    expect(lines[0]!.lines.safety.map((point) => point.trend)).toEqual([6, 7])
    expect(lines[0]!.lines.connection.map((point) => point.value)).toEqual([4, 2])
    expect(lines[1]!.lines.trust).toEqual([{ day: '2027-03-01', value: 5, trend: 5 }])
  })
})
