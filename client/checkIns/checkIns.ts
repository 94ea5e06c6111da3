/**
 * Check-ins: at a talk, each partner marks an agreement `Kept` or `Missed`,
 * with a note if they like. One mark per talk, agreement and person, under
 * its own key of the `checkIns` map, so partners marking at once never
 * overwrite each other, and a mark changed is simply rewritten:
 *
 *   `${talkId}:${cardId}:${personId}` → CheckIn
 *
 * Each mark carries its marker's signed 'check-in' claim over what it says
 * (core/claims.ts): a mark under someone's name that does not verify as
 * theirs is never counted (trustAccount.ts). A malformed entry reads as
 * absent; a malformed claim as none.
 */
import type * as Y from 'yjs'
import type { CheckIn, Recurrence } from '../../shared/schema.ts'
import type { Signer } from '../../shared/signing.ts'
import { storedClaimOrNull } from '../core/cardView.ts'
import { signClaim, type ClaimField } from '../core/claims.ts'
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

/** Every valid mark, oldest first, each with its claim when it holds one shaped like a claim. */
export function readCheckIns(doc: Y.Doc): CheckIn[] {
  const entries: CheckIn[] = []
  for (const [key, entry] of checkInsMap(doc)) {
    if (!isCheckIn(entry) || key !== `${entry.talkId}:${entry.cardId}:${entry.personId}`) continue
    const { talkId, cardId, personId, mark, note, at } = entry
    const claim = storedClaimOrNull(entry.claim)
    entries.push(claim === null ? { talkId, cardId, personId, mark, note, at } : { talkId, cardId, personId, mark, note, at, claim })
  }
  return entries.sort((a, b) => a.at - b.at)
}

/** What a check-in's claim signs: who marked which agreement at which talk, how, and their note. */
export function checkInFields(entry: Pick<CheckIn, 'talkId' | 'cardId' | 'personId' | 'mark' | 'note'>): ClaimField[] {
  return [entry.talkId, entry.cardId, entry.personId, entry.mark, entry.note]
}

/** Signs the mark as this person's (when this device can sign), then writes mark and claim together. */
export async function markAgreement(
  doc: Y.Doc,
  signing: { boardId: string; signer: Signer | null },
  entry: Omit<CheckIn, 'note' | 'claim'> & { note?: string },
): Promise<void> {
  const marked = { ...entry, note: (entry.note ?? '').trim().slice(0, MAX_CHECK_IN_NOTE) }
  const claim = signing.signer && (await signClaim(signing.signer, signing.boardId, 'check-in', checkInFields(marked)))
  checkInsMap(doc).set(`${entry.talkId}:${entry.cardId}:${entry.personId}`, claim ? { ...marked, claim } : marked)
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
