/**
 * What a check-in came to: one outcome per agreement and talk, however many
 * people marked it. Partners who marked it alike make it kept or missed;
 * partners who saw it differently make it neither until they agree (either
 * changing a mark rewrites it). Read by the trust account and by a talk's
 * summary, so both count alike.
 */
import type { CheckIn } from '../../shared/schema.ts'

export type Outcome = 'kept' | 'missed' | 'differently'

/** Said of one the partners saw differently, wherever it is listed: no blame, something to talk over. */
export const SAW_DIFFERENTLY = 'You saw this one differently — worth a word'

export type CheckInOutcome = {
  talkId: string
  cardId: string
  outcome: Outcome
  /** When the latest of its marks was made: where it sits in time. */
  at: number
  /** Each person's mark, oldest first. */
  marks: CheckIn[]
}

/**
 * Groups marks by agreement and talk, oldest outcome first. `counts(personId)`
 * says whose marks count (the partners on the board); other marks are left
 * out, so a mark under a facilitator's or a stranger's name weighs nothing.
 */
export function checkInOutcomes(checkIns: readonly CheckIn[], counts: (personId: string) => boolean = () => true): CheckInOutcome[] {
  const byPoint = new Map<string, Map<string, CheckIn>>()
  for (const entry of checkIns) {
    if (!counts(entry.personId)) continue
    // JSON keeps apart ids that a joining character could run together.
    const key = JSON.stringify([entry.talkId, entry.cardId])
    const marks = byPoint.get(key) ?? new Map<string, CheckIn>()
    // One mark per person: should two reach here, the later one is theirs.
    const earlier = marks.get(entry.personId)
    if (earlier === undefined || earlier.at <= entry.at) marks.set(entry.personId, entry)
    byPoint.set(key, marks)
  }
  return [...byPoint.values()]
    .map((marks): CheckInOutcome => {
      const sorted = [...marks.values()].sort((a, b) => a.at - b.at)
      const first = sorted[0]!
      return {
        talkId: first.talkId,
        cardId: first.cardId,
        outcome: sorted.every((mark) => mark.mark === first.mark) ? first.mark : 'differently',
        at: sorted.at(-1)!.at,
        marks: sorted,
      }
    })
    .sort((a, b) => a.at - b.at)
}
