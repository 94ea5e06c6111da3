/**
 * `How we've been`, as numbers: each person's three lines over the days they
 * checked in, and beside each daily answer a gentle trend, the average of
 * their answers over the seven days ending that day. One low day pulls the
 * trend down a little, not to the floor: a dip in a line that can still rise,
 * as the guide says healing goes.
 */
import { DAILY_MEASURES, type DailyCheckIn, type DailyMeasure } from '../core/dailyCheckIns.ts'

/** How many days the trend looks back over, the day itself included. */
export const TREND_DAYS = 7

const DAY_MS = 24 * 60 * 60 * 1000

/** A YYYY-MM-DD day as a count of days, so days a month apart are 30 or 31 apart. */
export function dayNumber(day: string): number {
  const [year, month, date] = day.split('-').map(Number)
  return Date.UTC(year!, month! - 1, date!) / DAY_MS
}

export type TrendPoint = { day: string; value: number; trend: number }

/**
 * Each day's answer with the average of the answers on the `days` days
 * ending that day (only days with an answer count; a day skipped is not a
 * zero). Rounded to one decimal. Points in any order; returned by day.
 */
export function rollingAverage(points: readonly { day: string; value: number }[], days = TREND_DAYS): TrendPoint[] {
  const sorted = [...points].sort((a, b) => dayNumber(a.day) - dayNumber(b.day))
  return sorted.map((point) => {
    const end = dayNumber(point.day)
    const window = sorted.filter((other) => {
      const at = dayNumber(other.day)
      return at <= end && at > end - days
    })
    const mean = window.reduce((sum, other) => sum + other.value, 0) / window.length
    return { ...point, trend: Math.round(mean * 10) / 10 }
  })
}

export type PersonLines = { personId: string; lines: Record<DailyMeasure, TrendPoint[]> }

/** Each person's three lines, in the order `personIds` gives (people with no check-in are left out). */
export function personLines(entries: readonly DailyCheckIn[], personIds: readonly string[]): PersonLines[] {
  return personIds.flatMap((personId) => {
    const theirs = entries.filter((entry) => entry.personId === personId)
    if (theirs.length === 0) return []
    const lines = Object.fromEntries(
      DAILY_MEASURES.map((measure) => [measure, rollingAverage(theirs.map((entry) => ({ day: entry.day, value: entry[measure] })))]),
    ) as Record<DailyMeasure, TrendPoint[]>
    return [{ personId, lines }]
  })
}
