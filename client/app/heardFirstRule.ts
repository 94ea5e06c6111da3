/**
 * `Reflect before replying` joins two features: the facilitation keeps the
 * setting and the phase, the cards hold the reflections and their answers.
 * The shell reads both here and hands the cards model the rule
 * (cards/heardFirst.ts), so neither feature imports the other.
 */
import type { BoardState } from '../core/boardState.svelte.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { CardView } from '../core/cardView.ts'
import type { LaneId } from '../../shared/schema.ts'
import { waitingToBeHeard, type HeardFirstRule } from '../cards/heardFirst.ts'
import { answerVerdict } from '../cards/reflections.ts'
import type { FacilitationModel } from '../facilitation/facilitationModel.svelte.ts'

export function heardFirstRule(board: BoardState, facilitation: FacilitationModel, trust: BoardTrust): HeardFirstRule {
  // An answer counts once it is the author's own, or while it is still being checked (never a flash of "waiting").
  const answerCounts: Parameters<typeof waitingToBeHeard>[0]['answerCounts'] = (card, reflection) => {
    const state = answerVerdict(card, reflection, (...claim) => trust.verdict(...claim))?.state
    return state === 'verified' || state === 'checking'
  }
  const partners = () => new Set([...board.onBoard.values()].filter((person) => person.role === 'partner').map((person) => person.id))

  /** The phase of the talk while its rule is on and the phase brings this lane; null otherwise. */
  const ruleHolds = (talkId: string, lane: LaneId) => {
    const setting = facilitation.reflectFirst(talkId)
    const phase = setting?.on ? facilitation.phase(talkId) : null
    return setting && phase && phase.phase.lane === lane ? { since: phase.at, on: setting.at } : null
  }

  return {
    waitsOn(lane: LaneId, personId: string): CardView | null {
      const talk = board.talkGoingOn
      const holds = talk && ruleHolds(talk.id, lane)
      if (!talk || !holds) return null
      return waitingToBeHeard({
        cards: board.cardsIn(lane),
        talkId: talk.id,
        since: holds.since,
        listenerId: personId,
        partners: partners(),
        answerCounts,
      })
    },
    placedBefore(card: CardView): CardView | null {
      const holds = card.talkId === null ? null : ruleHolds(card.talkId, card.lane)
      if (card.talkId === null || !holds || card.createdAt < holds.on) return null
      return waitingToBeHeard({
        cards: board.cardsIn(card.lane),
        talkId: card.talkId,
        since: holds.since,
        listenerId: card.authorId,
        partners: partners(),
        answerCounts,
        at: card.createdAt,
      })
    },
  }
}
