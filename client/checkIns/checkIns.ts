/**
 * Check-ins: at a talk, each partner marks an agreement `Kept` or `Missed`,
 * with a note if they like. One mark per talk, agreement and person, under
 * its own key of the `checkIns` map, so partners marking at once never
 * overwrite each other, and a mark changed is simply rewritten:
 *
 *   `${talkId}:${cardId}:${personId}` → CheckIn
 *
 * A malformed entry reads as absent.
 */
import type * as Y from 'yjs'
import type { CheckIn, Recurrence } from '../../shared/schema.ts'
import { isTime } from '../core/docValues.ts'

export type Mark = CheckIn['mark']

export const MAX_CHECK_IN_NOTE = 500
const DAY_MS = 24 * 60 * 60 * 1000

export function checkInsMap(doc: Y.Doc): Y.Map<CheckIn> {
  return doc.getMap<CheckIn>('checkIns')
}

function isCheckIn(value: unknown): value is CheckIn {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return (
    typeof entry.talkId === 'string' &&
    typeof entry.cardId === 'string' &&
    typeof entry.personId === 'string' &&
    (entry.mark === 'kept' || entry.mark === 'missed') &&
    typeof entry.note === 'string' &&
    isTime(entry.at)
  )
}

/** Every valid mark, oldest first. */
export function readCheckIns(doc: Y.Doc): CheckIn[] {
  const entries: CheckIn[] = []
  for (const [key, entry] of checkInsMap(doc)) {
    if (isCheckIn(entry) && key === `${entry.talkId}:${entry.cardId}:${entry.personId}`) entries.push(entry)
  }
  return entries.sort((a, b) => a.at - b.at)
}

export function markAgreement(doc: Y.Doc, entry: Omit<CheckIn, 'note'> & { note?: string }): void {
  const note = (entry.note ?? '').trim().slice(0, MAX_CHECK_IN_NOTE)
  checkInsMap(doc).set(`${entry.talkId}:${entry.cardId}:${entry.personId}`, { ...entry, note })
}

/**
 * Whether a recurring agreement is due for a check-in: its period has come
 * round since it was last checked in on (or since it was made).
 */
export function isDue(recurrence: Recurrence, since: number, now: number): boolean {
  if (recurrence.every === 'day') return now - since >= DAY_MS
  if (recurrence.every === 'month') return now - since >= 30 * DAY_MS
  // Weekly: due once the chosen weekday has begun since the last check-in.
  const lastOccurrence = new Date(now)
  lastOccurrence.setHours(0, 0, 0, 0)
  lastOccurrence.setDate(lastOccurrence.getDate() - ((lastOccurrence.getDay() - recurrence.weekday + 7) % 7))
  return lastOccurrence.getTime() > since
}
