const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})
const dayOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' })

/** "just now" for the last minute, "14:05" today, "12 Mar, 14:05" before. Both times are server time. */
export function describePlacedAt(placedAt: number, now: number): string {
  if (now - placedAt < 60_000) return 'just now'
  const placed = new Date(placedAt)
  return placed.toDateString() === new Date(now).toDateString() ? timeOfDay.format(placed) : dayAndTime.format(placed)
}

/** "today at 14:05", or "Tue 12 Mar" for another day. */
export function describeDay(at: number, now: number): string {
  const day = new Date(at)
  return day.toDateString() === new Date(now).toDateString() ? `today at ${timeOfDay.format(day)}` : dayOnly.format(day)
}
