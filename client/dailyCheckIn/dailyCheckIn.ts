/**
 * Saving a daily check-in, and which ones count as their person's. The
 * entry's shape and its reader are the core's (core/dailyCheckIns.ts); here
 * is the writer: the answers signed as this person's, then entry and claim
 * written together, under the person's own key for their own local day, so
 * changing that day's answers rewrites the entry rather than adding one.
 *
 * Only check-ins that verify as their person's are drawn as theirs: a link
 * holder can write anyone's. The others are listed apart, calmly, as the
 * trust account lists its marks (checkIns/trustAccount.ts).
 */
import type * as Y from 'yjs'
import type { Signer } from '../../shared/signing.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { signClaim, type ClaimField, type ClaimKind } from '../core/claims.ts'
import {
  DAILY_SCALE_MAX,
  DAILY_SCALE_MIN,
  MAX_DAILY_LINE,
  dailyCheckInFields,
  dailyCheckInKey,
  dailyCheckInsMap,
  type DailyCheckIn,
} from '../core/dailyCheckIns.ts'
import type { UnverifiedState } from '../ui/unverifiedWords.ts'

/** What a person gives: three answers and, if they like, a line. */
export type DailyAnswers = Pick<DailyCheckIn, 'safety' | 'trust' | 'connection' | 'line'>

/** A check-in set aside: under someone's name, but not verified as theirs (yet). */
export type UncountedDailyCheckIn = DailyCheckIn & { state: UnverifiedState }

type VerdictOf = (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Verdict

/** An answer as the scale takes it: a whole number from 0 to 10, whatever the input gave. */
export function onScale(value: number): number {
  if (!Number.isFinite(value)) return DAILY_SCALE_MIN
  return Math.min(DAILY_SCALE_MAX, Math.max(DAILY_SCALE_MIN, Math.round(value)))
}

/** One line, trimmed, at most MAX_DAILY_LINE characters: a pasted paragraph becomes one line. */
export function cleanDailyLine(line: string): string {
  return line.replace(/\s+/g, ' ').trim().slice(0, MAX_DAILY_LINE)
}

/** Signs the day's answers as this person's (when this device can sign), then writes entry and claim together. */
export async function saveDailyCheckIn(
  doc: Y.Doc,
  signing: { boardId: string; signer: Signer | null },
  entry: { personId: string; day: string; at: number } & DailyAnswers,
): Promise<DailyCheckIn> {
  const saved: DailyCheckIn = {
    personId: entry.personId,
    day: entry.day,
    safety: onScale(entry.safety),
    trust: onScale(entry.trust),
    connection: onScale(entry.connection),
    line: cleanDailyLine(entry.line),
    at: entry.at,
  }
  const claim = signing.signer && (await signClaim(signing.signer, signing.boardId, 'daily-check-in', dailyCheckInFields(saved)))
  const written = claim ? { ...saved, claim } : saved
  doc.transact(() => dailyCheckInsMap(doc).set(dailyCheckInKey(saved.personId, saved.day), written))
  return written
}

/** The verdict on a check-in: signed by a believed device of the person it names, over what it says. */
export function dailyCheckInVerdict(entry: DailyCheckIn, verdictOf: VerdictOf): Verdict {
  return verdictOf('daily-check-in', dailyCheckInFields(entry), entry.claim, entry.personId)
}

/** The check-ins drawn as their person's: partners' (`counts`), each verified as theirs. */
export function countedDailyCheckIns(
  entries: readonly DailyCheckIn[],
  verdict: (entry: DailyCheckIn) => Verdict,
  counts: (personId: string) => boolean,
): DailyCheckIn[] {
  return entries.filter((entry) => counts(entry.personId) && verdict(entry).state === 'verified')
}

/** Check-ins under a partner's name not drawn as theirs: written before signing, unconfirmed, or not verified. Still checking is none. */
export function uncountedDailyCheckIns(
  entries: readonly DailyCheckIn[],
  verdict: (entry: DailyCheckIn) => Verdict,
  counts: (personId: string) => boolean,
): UncountedDailyCheckIn[] {
  return entries.flatMap((entry) => {
    const { state } = verdict(entry)
    if (!counts(entry.personId) || state === 'verified' || state === 'checking') return []
    return [{ ...entry, state }]
  })
}
