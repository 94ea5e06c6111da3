import type { LaneId } from '../../shared/schema.ts'

/** One line under each lane's title: what belongs here, in the guide's spirit. */
export const LANE_INVITATIONS: Record<LaneId, string> = {
  feelings: 'How did it feel? One feeling per card, in your own words.',
  needs: 'What would help? Name the need, not the fix.',
  agreements: 'Something small and concrete you can both say yes to.',
  questions: 'Ask instead of assuming — then listen to the answer.',
  appreciations: 'Thanks, kept promises and small wins. They count.',
  concerns: 'A worry about the future, said gently and early.',
}

/**
 * Openers from the guide, one tap away: tapping one starts a card with it.
 * The questions are the guide's own; the others are sentence starters.
 */
export const LANE_PROMPTS: Record<LaneId, readonly string[]> = {
  feelings: ['When that happened, I felt'],
  needs: ['What I need from you right now is'],
  agreements: ['I will let you know when'],
  questions: ['How did my behaviour make you feel?', 'What do you need from me right now?', 'What concerns do you have about our future?'],
  appreciations: ['Thank you for'],
  concerns: ['I worry that'],
}
