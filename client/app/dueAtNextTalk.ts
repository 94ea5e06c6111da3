/**
 * The recurring agreements due for a check-in at the next talk: those agreed
 * (every partner's yes verified here) and standing, whose period will have
 * come round by the talk's start since they were last checked in on, by
 * the check-ins feature's own rule (`isDue`). Put together here because it
 * reads two features, cards and check-ins, for a third, the schedule.
 */
import type { CheckIn } from '../../shared/schema.ts'
import { acceptanceVerdicts, agreementStatus, withdrawalVerdict } from '../cards/agreements.ts'
import { isDue } from '../checkIns/checkIns.ts'
import type { BoardState } from '../core/boardState.svelte.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'

/** The agreements' texts, as the board shows them, in the lane's order. */
export function dueAtNextTalk(
  board: Pick<BoardState, 'cardsIn' | 'onBoard'>,
  marks: readonly CheckIn[],
  trust: Pick<BoardTrust, 'verdict'>,
  at: number,
): string[] {
  const verdictOf: Parameters<typeof acceptanceVerdicts>[1] = (...claim) => trust.verdict(...claim)
  return board
    .cardsIn('agreements')
    .filter((card) => {
      const recurrence = card.agreement?.recurrence
      if (!recurrence) return false
      const status = agreementStatus(card, board.onBoard, acceptanceVerdicts(card, verdictOf), withdrawalVerdict(card, verdictOf))
      if (status.kind !== 'agreed') return false
      const lastCheckIn = marks.filter((mark) => mark.cardId === card.id).at(-1)?.at ?? card.createdAt
      return isDue(recurrence, lastCheckIn, at)
    })
    .map((card) => card.text)
}
