/**
 * The verdict on a card's words: signed by one of its author's devices, as
 * the card now reads ([cardId, authorId, lane, text, createdAt]). Asked
 * while the card is on screen, so what is seen is what is checked first.
 */
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { CardView } from '../core/cardView.ts'
import { UNSIGNED, type Verdict } from '../core/claimCheck.ts'

export function cardVerdict(trust: BoardTrust, card: CardView): Verdict {
  const fields = [card.id, card.authorId, card.lane, card.text, card.createdAt]
  const verdicts = (card.claims ?? []).map((claim) => trust.verdict('card', fields, claim, card.authorId))
  return (
    verdicts.find((verdict) => verdict.state === 'verified') ??
    verdicts.find((verdict) => verdict.state === 'checking') ??
    verdicts[0] ??
    UNSIGNED
  )
}
