/**
 * What the screen says of a claim that is not (yet) that person's: calmly,
 * without blame, with what to do. `what` names the thing claimed, e.g.
 * "Alex's agreement"; `counted` says whether it would otherwise count.
 */
export type UnverifiedState = 'unsigned' | 'unconfirmed' | 'not-verified'

export function describeUnverified(state: UnverifiedState, what: string): string {
  if (state === 'unsigned') return `${what} was written before signing, so it is not counted.`
  if (state === 'unconfirmed') return `${what} came from a device of theirs not confirmed yet. Check together to confirm it.`
  return `${what} could not be verified. Check together to see why.`
}

/** "Alex's", "your": whose something is, for the sentences above. */
export function possessive(name: string): string {
  if (name === 'you') return 'Your'
  return name.endsWith('s') ? `${name}’` : `${name}’s`
}
