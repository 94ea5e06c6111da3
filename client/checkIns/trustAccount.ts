/**
 * The trust account: kept agreements as deposits over time. One agreement
 * at one talk is one point, however many partners marked it. A missed one
 * is part of the path, shown beside the kept ones, never taken away from
 * them: the balance only grows. One the partners saw differently counts as
 * neither until they agree; the account says so gently.
 */
import type { CheckIn } from '../../shared/schema.ts'
import { checkInOutcomes, type CheckInOutcome } from '../core/checkInOutcomes.ts'

export type TrustPoint = CheckInOutcome & { balance: number }

export type TrustTotals = { kept: number; missed: number; differently: number }

/** The account's points, oldest first; only marks by people `counts` accepts (the partners) weigh. */
export function trustAccount(checkIns: readonly CheckIn[], counts?: (personId: string) => boolean): TrustPoint[] {
  let balance = 0
  return checkInOutcomes(checkIns, counts).map((point) => {
    if (point.outcome === 'kept') balance++
    return { ...point, balance }
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
