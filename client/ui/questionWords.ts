/**
 * What a question's card and a talk's summary say of it, written once.
 * Calm: a question not yet answered is simply open, never overdue.
 */
export const NOT_YET_ANSWERED = 'Not yet answered'

/** The asker's mark, said as theirs: "Maya: answered", "Maya: not yet answered"; without one, "Not yet answered". */
export function describeMark(asker: string, mark: 'answered' | 'not-yet' | null): string {
  if (mark === 'answered') return `${asker}: answered`
  if (mark === 'not-yet') return `${asker}: not yet answered`
  return NOT_YET_ANSWERED
}

/** On a question carried into the talk going on and still open. */
export function describeCarried(fromTalk: number | null): string {
  return fromTalk === null ? 'Carried from between talks: not yet answered' : `Carried from talk ${fromTalk}: not yet answered`
}
