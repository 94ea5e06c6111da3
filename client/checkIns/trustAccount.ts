/**
 * The trust account: kept agreements as deposits over time. A missed one is
 * part of the path, shown beside the kept ones, never taken away from them:
 * the balance only grows.
 */
import type { CheckIn } from '../../shared/schema.ts'

export type TrustPoint = { at: number; balance: number; mark: CheckIn['mark']; cardId: string; personId: string; note: string }

export function trustAccount(checkIns: readonly CheckIn[]): TrustPoint[] {
  let balance = 0
  return [...checkIns]
    .sort((a, b) => a.at - b.at)
    .map((entry) => {
      if (entry.mark === 'kept') balance++
      return { at: entry.at, balance, mark: entry.mark, cardId: entry.cardId, personId: entry.personId, note: entry.note }
    })
}
