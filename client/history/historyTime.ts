const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** Every time the board's history shows, in one format and the viewer's locale: "12 May 2025, 14:02". */
export function historyTime(at: number): string {
  return dayAndTime.format(at)
}
