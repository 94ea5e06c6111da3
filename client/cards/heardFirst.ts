/**
 * The reply-after-`Heard` rule, decided: while a talk's `Reflect before
 * replying` is on (facilitation/reflectFirst.ts), a partner's own card in
 * the phase's lane waits until every card the other partners placed there
 * in this phase has the partner's reflection marked `Heard` by its author.
 * The shell hands in what the rule reads (the phase, the setting, the
 * answers that verify), so this stays a plain function, tested alone.
 */
import type { LaneId } from '../../shared/schema.ts'
import type { CardView, ReflectionView } from '../core/cardView.ts'

export type HeardFirstQuestion = {
  /** The cards of the phase's lane. */
  cards: readonly CardView[]
  talkId: string
  /** When the phase began (server ms): cards from before it are not this phase's. */
  since: number
  /** Who would add the card. */
  listenerId: string
  /** The partners on the board: only their cards wait to be heard, and only they are held (a facilitator never is). */
  partners: ReadonlySet<string>
  /** Whether the author's answer on this reflection counts as theirs (verified, or still being checked). */
  answerCounts: (card: CardView, reflection: ReflectionView) => boolean
  /** As things stood at this time (reading a card placed then); now when absent. */
  at?: number
}

/** The other partner's card still waiting for the listener's reflection to be heard, oldest first; null when the listener may add. */
export function waitingToBeHeard(question: HeardFirstQuestion): CardView | null {
  const { cards, talkId, since, listenerId, partners, answerCounts, at = Infinity } = question
  if (!partners.has(listenerId)) return null
  const heard = (card: CardView) =>
    card.reflections.some(
      (reflection) =>
        reflection.byId === listenerId &&
        reflection.answer === 'heard' &&
        (reflection.answeredAt ?? Infinity) < at &&
        answerCounts(card, reflection),
    )
  const theirs = cards
    .filter((card) => card.talkId === talkId && card.authorId !== listenerId && partners.has(card.authorId))
    .filter((card) => card.createdAt >= since && card.createdAt < at)
    .sort((a, b) => a.createdAt - b.createdAt)
  return theirs.find((card) => !heard(card)) ?? null
}

/** The rule as the board stands, which the shell builds and the cards model asks. */
export type HeardFirstRule = {
  /** The card a person's new card in this lane waits on; null when it may be added now. */
  waitsOn(lane: LaneId, personId: string): CardView | null
  /** For a placed card: the other's card not yet heard when it was placed, while the rule is on in its phase; else null. */
  placedBefore(card: CardView): CardView | null
}
