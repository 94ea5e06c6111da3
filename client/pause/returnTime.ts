const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const dayAndTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** "15:20", or "Wed 09:00" when the return is on another day. Both times are server time. */
export function describeReturnTime(endsAt: number, now: number): string {
  const end = new Date(endsAt)
  return end.toDateString() === new Date(now).toDateString() ? timeOfDay.format(end) : dayAndTime.format(end)
}
