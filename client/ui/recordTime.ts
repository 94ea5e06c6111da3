/**
 * Times in a record of what was said (a talk's summary, a copy of the
 * board): one format throughout, in the reader's own language and time
 * zone, with the day, so a printed page reads the same a year later.
 */
const recordTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatRecordTime(at: number): string {
  return recordTime.format(at)
}
