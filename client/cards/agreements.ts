/**
 * Agreements: proposed by one person, an agreement only once every partner
 * on the board has accepted its current text. Whoever writes a text has
 * accepted it: proposing is saying yes, and so is revising, so a revision
 * by one partner waits for the other. A facilitator may propose or revise,
 * but their acceptance is not asked for and does not count: the promise is
 * the couple's. Once agreed, an agreement is withdrawn, never deleted: it
 * stays with its versions, acceptances and reflections, marked withdrawn
 * by whom.
 */
import * as Y from 'yjs'
import { CardField, type Person, type Recurrence } from '../../shared/schema.ts'
import type { Signer } from '../../shared/signing.ts'
import { cardsMap, readCard, type CardView } from '../core/cardView.ts'
import { signClaim, type ClaimField, type ClaimKind, type StoredClaim } from '../core/claims.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { acceptanceFields } from '../core/verifiedYeses.ts'
import { describeRecurrence, WEEKDAYS } from '../ui/recurrenceWords.ts'
import { CLAIM_ORIGIN } from './cards.ts'

/**
 * How each acceptance of the current text stands on this device, by person
 * (BoardTrust's verdicts, or checked ones in Node). A yes counts only when
 * it verifies as that person's own: a link holder can write anyone's name.
 */
export type AcceptanceVerdicts = ReadonlyMap<string, Verdict>

/** An acceptance that does not (yet) count: shown calmly, never as that person's yes. */
export type UnverifiedAcceptance = { personId: string; state: 'unsigned' | 'unconfirmed' | 'not-verified' }

export type AgreementStatus =
  | { kind: 'agreed'; partnerIds: string[] }
  /** acceptedBy: the partners whose yes to its text verified when it was withdrawn; byVerified: whether the withdrawal is the named person's. */
  | { kind: 'withdrawn'; byId: string; byVerified: boolean; at: number; acceptedBy: string[]; unverified: UnverifiedAcceptance[] }
  /**
   * acceptedBy: partners whose yes verified; waitingFor: partners with no yes at all; unverified: a yes
   * that did not verify (not counted); fewer than two partners means the other has not joined.
   */
  | { kind: 'proposal'; acceptedBy: string[]; waitingFor: string[]; unverified: UnverifiedAcceptance[]; partnersMissing: number }

/** At least two partners must accept: one person's yes alone is never an agreement. */
const PARTNERS_NEEDED = 2

/** The partners among `people`: pass the people on the board now (`board.onBoard`), so nobody waits for someone removed. */
function partnerIdsOf(people: ReadonlyMap<string, Person>): string[] {
  return [...people.values()].filter((person) => person.role === 'partner').map((person) => person.id)
}

/** What an acceptance signs: this card, this version, and its words as they are. */

/** What a withdrawal signs. */
function withdrawalFields(cardId: string, revisionId: string, at: number): ClaimField[] {
  return [cardId, revisionId, at]
}

type VerdictOf = (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Verdict

/** The verdict on each yes to the current text, through `verdictOf` (BoardTrust.verdict on screen, a checked one in Node). */
export function acceptanceVerdicts(card: CardView, verdictOf: VerdictOf): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>()
  const agreement = card.agreement
  if (agreement === null) return verdicts
  const fields = acceptanceFields(card)
  for (const personId of agreement.acceptedBy) {
    verdicts.set(personId, verdictOf('accept', fields, agreement.acceptances.get(personId), personId))
  }
  return verdicts
}

/** As acceptanceVerdicts, waiting for each check: for Node and tests (pass BoardTrust.check). */
export async function checkAcceptances(
  card: CardView,
  check: (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Promise<Verdict>,
): Promise<Map<string, Verdict>> {
  const agreement = card.agreement
  const fields = acceptanceFields(card)
  const entries = await Promise.all(
    (agreement?.acceptedBy ?? []).map(
      async (personId) => [personId, await check('accept', fields, agreement?.acceptances.get(personId), personId)] as const,
    ),
  )
  return new Map(entries)
}

/** The verdict on who withdrew it (withdrawn agreements only). */
export function withdrawalVerdict(card: CardView, verdictOf: VerdictOf): Verdict | null {
  const withdrawn = card.agreement?.withdrawn
  if (!card.agreement || !withdrawn) return null
  return verdictOf('withdraw', withdrawalFields(card.id, card.agreement.revisionId, withdrawn.at), withdrawn.claim, withdrawn.byId)
}

/**
 * Where the agreement stands on this device. Only a partner's yes whose
 * verdict is `verified` counts; one still being checked is neither counted
 * nor flagged; any other is listed apart, as not that person's yes.
 */
export function agreementStatus(
  card: CardView,
  people: ReadonlyMap<string, Person>,
  verdicts: AcceptanceVerdicts,
  withdrawal: Verdict | null = null,
): AgreementStatus {
  const partnerIds = partnerIdsOf(people)
  const accepted = new Set(card.agreement?.acceptedBy ?? [])
  const acceptedBy = partnerIds.filter((id) => accepted.has(id) && verdicts.get(id)?.state === 'verified')
  const unverified: UnverifiedAcceptance[] = []
  for (const id of partnerIds) {
    const state = accepted.has(id) ? (verdicts.get(id)?.state ?? 'unsigned') : null
    if (state === 'unsigned' || state === 'unconfirmed' || state === 'not-verified') unverified.push({ personId: id, state })
  }
  const withdrawn = card.agreement?.withdrawn
  if (withdrawn) {
    return {
      kind: 'withdrawn',
      byId: withdrawn.byId,
      byVerified: withdrawal?.state === 'verified',
      at: withdrawn.at,
      acceptedBy,
      unverified,
    }
  }
  const waitingFor = partnerIds.filter((id) => !accepted.has(id))
  const partnersMissing = Math.max(0, PARTNERS_NEEDED - partnerIds.length)
  if (acceptedBy.length === partnerIds.length && partnersMissing === 0) return { kind: 'agreed', partnerIds }
  return { kind: 'proposal', acceptedBy, waitingFor, unverified, partnersMissing }
}

/**
 * Whether this person is asked to accept this card now: they have not said
 * yes to this text, or their yes on the record is not one this device can
 * verify as theirs (written before signing, or by someone else): saying it
 * again, signed, puts it right.
 */
export function canAccept(card: CardView, person: Person | undefined, verdicts: AcceptanceVerdicts): boolean {
  const agreement = card.agreement
  if (agreement === null || agreement.withdrawn !== null || person?.role !== 'partner') return false
  if (!agreement.acceptedBy.includes(person.id)) return true
  const state = verdicts.get(person.id)?.state
  return state === 'unsigned' || state === 'not-verified'
}

/**
 * Whether the partners on the board have ever all said yes to it: now, or
 * to an earlier text. Such an agreement is withdrawn, never deleted, even
 * while a revision waits: what was promised stays on the record. (Earlier
 * versions keep their names, not their claims: this only chooses between
 * withdrawing and deleting, never what reads as agreed.)
 */
export function wasAgreed(card: CardView, people: ReadonlyMap<string, Person>, verdicts: AcceptanceVerdicts): boolean {
  if (card.agreement === null) return false
  const partnerIds = partnerIdsOf(people)
  if (partnerIds.length < PARTNERS_NEEDED) return false
  if (partnerIds.every((id) => verdicts.get(id)?.state === 'verified')) return true
  return card.agreement.history.some((version) => partnerIds.every((id) => version.acceptedBy.includes(id)))
}

/** A partner on the board may withdraw an agreement that was agreed and still stands. */
export function canWithdraw(
  card: CardView,
  person: Person | undefined,
  people: ReadonlyMap<string, Person>,
  verdicts: AcceptanceVerdicts,
): boolean {
  return card.agreement?.withdrawn === null && person?.role === 'partner' && people.has(person.id) && wasAgreed(card, people, verdicts)
}

/** Marks the agreement withdrawn by this person, signed; its text, versions and acceptances stay as they are. */
export async function withdrawAgreement(
  doc: Y.Doc,
  boardId: string,
  signer: Signer | null,
  cardId: string,
  personId: string,
  at: number,
): Promise<void> {
  const card = readCard(cardId, cardsMap(doc).get(cardId))
  if (card?.agreement == null) return
  const revisionId = card.agreement.revisionId
  const claim = signer && (await signClaim(signer, boardId, 'withdraw', withdrawalFields(cardId, revisionId, at)))
  const fields = cardsMap(doc).get(cardId)
  if (!(fields instanceof Y.Map) || fields.get(CardField.lane) !== 'agreements') return
  doc.transact(() => {
    fields.set(CardField.withdrawnBy, personId)
    fields.set(CardField.withdrawnAt, at)
    if (claim) fields.set(CardField.withdrawnClaim, claim)
    else fields.delete(CardField.withdrawnClaim)
  })
}

/**
 * Records this person's signed yes to the agreement's current text (and
 * only that text): signed first, then written with the yes in one
 * transaction. Nothing is written when the text changed while signing:
 * the yes was to words no longer there.
 */
export async function acceptAgreement(doc: Y.Doc, boardId: string, signer: Signer | null, cardId: string, personId: string): Promise<void> {
  const card = readCard(cardId, cardsMap(doc).get(cardId))
  if (card?.agreement == null || card.agreement.revisionId === '') return
  const signed = acceptanceFields(card)
  const claim = signer && (await signClaim(signer, boardId, 'accept', signed))
  const fields = cardsMap(doc).get(cardId)
  const now = readCard(cardId, fields)
  if (!(fields instanceof Y.Map) || now === null || JSON.stringify(acceptanceFields(now)) !== JSON.stringify(signed)) return
  doc.transact(() => recordAcceptance(fields, personId, card.agreement!.revisionId, claim))
}

/**
 * The writer's own yes, signed after the text is written (proposing or
 * revising is accepting): the text is what the card holds once written, so
 * it is signed right after, in its own transaction.
 */
export async function signOwnAcceptance(
  doc: Y.Doc,
  boardId: string,
  signer: Signer | null,
  cardId: string,
  personId: string,
): Promise<void> {
  if (signer === null) return
  const card = readCard(cardId, cardsMap(doc).get(cardId))
  if (card?.agreement == null || card.agreement.currentById !== personId) return
  const signed = acceptanceFields(card)
  const claim = await signClaim(signer, boardId, 'accept', signed)
  const fields = cardsMap(doc).get(cardId)
  const now = readCard(cardId, fields)
  if (!(fields instanceof Y.Map) || now === null || JSON.stringify(acceptanceFields(now)) !== JSON.stringify(signed)) return
  doc.transact(() => recordAcceptance(fields, personId, card.agreement!.revisionId, claim), CLAIM_ORIGIN)
}

/** Writes one yes to one version, with its claim when signed; the writer's own yes is written this way when they propose or revise. */
export function recordAcceptance(fields: Y.Map<unknown>, personId: string, revisionId: string, claim: StoredClaim | null = null): void {
  let acceptedBy = fields.get(CardField.acceptedBy)
  if (!(acceptedBy instanceof Y.Map)) {
    acceptedBy = new Y.Map()
    fields.set(CardField.acceptedBy, acceptedBy)
  }
  ;(acceptedBy as Y.Map<string>).set(personId, revisionId)
  let acceptances = fields.get(CardField.acceptances)
  if (claim === null) {
    // An old claim for another version would only read as "could not be verified": it goes with the new yes.
    if (acceptances instanceof Y.Map) (acceptances as Y.Map<StoredClaim>).delete(personId)
    return
  }
  if (!(acceptances instanceof Y.Map)) {
    acceptances = new Y.Map()
    fields.set(CardField.acceptances, acceptances)
  }
  ;(acceptances as Y.Map<StoredClaim>).set(personId, claim)
}

// Said alike on the card and in a talk's summary, so the words live in ui/.
export { describeRecurrence }

/** The choices offered in a "Repeats" menu, as stable string values for a <select>. */
export const RECURRENCE_CHOICES: readonly { value: string; label: string; recurrence: Recurrence | null }[] = [
  { value: 'none', label: 'Does not repeat', recurrence: null },
  { value: 'day', label: 'Every day', recurrence: { every: 'day' } },
  ...WEEKDAYS.map((day, weekday) => ({
    value: `week-${weekday}`,
    label: `Every ${day}`,
    recurrence: { every: 'week', weekday } as Recurrence,
  })),
  { value: 'month', label: 'Every month', recurrence: { every: 'month' } },
]

export function recurrenceChoiceValue(recurrence: Recurrence | null): string {
  if (!recurrence) return 'none'
  return recurrence.every === 'week' ? `week-${recurrence.weekday}` : recurrence.every
}
