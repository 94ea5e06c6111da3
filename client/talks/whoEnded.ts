import type { Person, Talk } from '../../shared/schema.ts'
import type { Verdict } from '../core/claimCheck.ts'
import type { ClaimField, ClaimKind } from '../core/claims.ts'
import { talkEndFields } from '../core/talks.ts'

type VerdictOf = (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Verdict

/**
 * Who ended a talk, as words to follow "ended on Tuesday": " by Alex" (or
 * " by you") only when the ender's device signed it and that signature
 * verifies as theirs; nothing for a talk ended before signing, or while the
 * check runs; otherwise a calm note that who ended it could not be verified.
 */
export function whoEnded(talk: Talk, people: ReadonlyMap<string, Person>, me: string | null, verdictOf: VerdictOf): string {
  if (talk.endedAt === undefined || typeof talk.endedBy !== 'string') return ''
  const verdict = verdictOf('end-talk', talkEndFields(talk.id, talk.endedAt), talk.endClaim, talk.endedBy)
  if (verdict.state === 'checking' || verdict.state === 'unsigned') return ''
  if (verdict.state !== 'verified') return ' (who ended it could not be verified)'
  if (verdict.personId === me) return ' by you'
  const name = people.get(verdict.personId)?.name
  return name === undefined ? '' : ` by ${name}`
}
