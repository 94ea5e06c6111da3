/**
 * The yeses to an agreement's current text that verify as each person's
 * own: what a printed summary or copy may list as "Accepted by", the same
 * rule the card on screen keeps (cards/agreements.ts).
 */
import type { BoardTrust } from './boardTrust.svelte.ts'
import type { CardView } from './cardView.ts'
import type { ClaimField } from './claims.ts'

/** What a yes signs: the card, the version and its words. */
export function acceptanceFields(card: CardView): ClaimField[] {
  return [card.id, card.agreement?.revisionId ?? '', card.text]
}

export function verifiedYeses(trust: Pick<BoardTrust, 'verdict'>, card: CardView): string[] {
  const agreement = card.agreement
  if (agreement === null) return []
  const fields = acceptanceFields(card)
  return agreement.acceptedBy.filter((id) => trust.verdict('accept', fields, agreement.acceptances.get(id), id).state === 'verified')
}
