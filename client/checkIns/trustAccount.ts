/**
 * The trust account: kept agreements as deposits over time. One agreement
 * at one talk is one point, however many partners marked it. A missed one
 * is part of the path, shown beside the kept ones, never taken away from
 * them: the balance only grows. One the partners saw differently counts as
 * neither until they agree; the account says so gently.
 *
 * Only marks that verify as the marker's own count: a link holder can write
 * anyone's `Kept`. The others are listed apart, calmly, never counted. A
 * plain function of the verdicts, so Node checks it as the screen does.
 */
import type { CheckIn } from '../../shared/schema.ts'
import type { ClaimField, ClaimKind } from '../core/claims.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { checkInOutcomes, type CheckInOutcome } from '../core/checkInOutcomes.ts'
import type { UnverifiedState } from '../ui/unverifiedWords.ts'
import { checkInFields } from './checkIns.ts'

export type TrustPoint = CheckInOutcome & { balance: number }

export type TrustTotals = { kept: number; missed: number; differently: number }

/** The verdict on one mark's claim (BoardTrust.verdict on screen; checkCheckIns in Node). */
export type CheckInVerdicts = (entry: CheckIn) => Verdict

/** A mark set aside: under someone's name, but not verified as theirs (yet). */
export type UncountedCheckIn = CheckIn & { state: UnverifiedState }

type VerdictOf = (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Verdict

/** The verdict on a mark: signed by a believed device of the person it names, over what it says. */
export function checkInVerdict(entry: CheckIn, verdictOf: VerdictOf): Verdict {
  return verdictOf('check-in', checkInFields(entry), entry.claim, entry.personId)
}

/** Every mark checked, waiting for each (pass BoardTrust.check): for Node and tests. */
export async function checkCheckIns(
  checkIns: readonly CheckIn[],
  check: (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Promise<Verdict>,
): Promise<CheckInVerdicts> {
  // By what the mark says, not by object: the same mark read again finds its verdict.
  const verdicts = new Map<string, Verdict>()
  for (const entry of checkIns)
    verdicts.set(JSON.stringify(entry), await check('check-in', checkInFields(entry), entry.claim, entry.personId))
  return (entry) => verdicts.get(JSON.stringify(entry)) ?? { state: 'checking' }
}

/** The marks that count: partners' (`counts`), each verified as theirs. */
export function countedCheckIns(checkIns: readonly CheckIn[], verdicts: CheckInVerdicts, counts: (personId: string) => boolean): CheckIn[] {
  return checkIns.filter((entry) => counts(entry.personId) && verdicts(entry).state === 'verified')
}

/** The account's points, oldest first: only verified marks by people `counts` accepts (the partners) weigh. */
export function trustAccount(
  checkIns: readonly CheckIn[],
  verdicts: CheckInVerdicts,
  counts: (personId: string) => boolean = () => true,
): TrustPoint[] {
  let balance = 0
  return checkInOutcomes(countedCheckIns(checkIns, verdicts, counts)).map((point) => {
    if (point.outcome === 'kept') balance++
    return { ...point, balance }
  })
}

/** Marks under a partner's name that do not count here: written before signing, from an unconfirmed device, or not verified. Still being checked is none of these. */
export function uncountedCheckIns(
  checkIns: readonly CheckIn[],
  verdicts: CheckInVerdicts,
  counts: (personId: string) => boolean = () => true,
): UncountedCheckIn[] {
  return checkIns.flatMap((entry) => {
    const { state } = verdicts(entry)
    if (!counts(entry.personId) || state === 'verified' || state === 'checking') return []
    return [{ ...entry, state }]
  })
}

export function trustTotals(points: readonly TrustPoint[]): TrustTotals {
  const totals: TrustTotals = { kept: 0, missed: 0, differently: 0 }
  for (const point of points) totals[point.outcome]++
  return totals
}

/** The account in a sentence: "1 agreement kept, 1 missed along the way." */
export function describeTotals({ kept, missed }: TrustTotals): string {
  return `${kept === 1 ? '1 agreement kept' : `${kept} agreements kept`}${missed > 0 ? `, ${missed} missed along the way` : ''}.`
}

/** Said without blame: a difference is something to talk over, not a score. */
export function describeDifferences(differently: number): string | null {
  if (differently === 0) return null
  if (differently === 1) return 'You saw one of them differently — worth a word.'
  return `You saw ${differently} of them differently — worth a word.`
}
