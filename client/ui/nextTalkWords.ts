/**
 * When the next talk is, in the viewer's own language and time zone, the way
 * people say it: "today 19:00", "tomorrow 19:00", "Sunday 19:00" within the
 * week, "Sunday 27 Dec 19:00" beyond it. One place, so the board and Your
 * boards say it alike.
 */
const DAY = 24 * 60 * 60 * 1000

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' })
const weekdayAndDate = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'short' })
const relativeDay = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

/** Whole calendar days from `now`'s day to `at`'s, on this device's clock. */
function daysAhead(at: number, now: number): number {
  const midnight = (ms: number) => {
    const day = new Date(ms)
    return Date.UTC(day.getFullYear(), day.getMonth(), day.getDate())
  }
  return Math.round((midnight(at) - midnight(now)) / DAY)
}

export function describeNextTalk(at: number, now: number): string {
  const days = daysAhead(at, now)
  const day =
    days === 0 || days === 1 ? relativeDay.format(days, 'day') : days > 1 && days < 7 ? weekday.format(at) : weekdayAndDate.format(at)
  return `${day} ${time.format(at)}`
}

/** "today", "yesterday", "3 days ago": how long since a day (YYYY-MM-DD), counted on this device's calendar. */
export function describeDaysSince(day: string, now: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const today = new Date(now)
  const days = Math.round((Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()) - Date.UTC(year, month - 1, date)) / DAY)
  return relativeDay.format(-Math.max(0, days), 'day')
}
