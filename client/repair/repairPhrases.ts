/**
 * Repair attempts (Gottman): short, plain phrases a person can send in a
 * talk to steer it back. The list is the app's own, keyed by an id, so what
 * the board keeps is an id and a translation keeps the meaning; no free
 * text from this path ever reaches a screen.
 */
export const REPAIR_PHRASES = [
  { id: 'flooded', text: 'I’m feeling flooded' },
  { id: 'start-over', text: 'Can we start over?' },
  { id: 'see-your-point', text: 'I see your point' },
  { id: 'more-gently', text: 'Can you say that more gently?' },
  { id: 'need-a-moment', text: 'I need a moment' },
  { id: 'youre-right', text: 'You’re right about that' },
  { id: 'try-again', text: 'Let me try again' },
  { id: 'sorry', text: 'I’m sorry' },
] as const

export type RepairPhrase = (typeof REPAIR_PHRASES)[number]
export type RepairPhraseId = RepairPhrase['id']

const byId = new Map<string, RepairPhrase>(REPAIR_PHRASES.map((phrase) => [phrase.id, phrase]))

/** The phrase with this id, or undefined for an id this version of the app does not know. */
export function repairPhrase(id: unknown): RepairPhrase | undefined {
  return typeof id === 'string' ? byId.get(id) : undefined
}
