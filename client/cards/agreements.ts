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
import { cardsMap, type CardView } from '../core/cardView.ts'
import { describeRecurrence, WEEKDAYS } from '../ui/recurrenceWords.ts'

export type AgreementStatus =
  | { kind: 'agreed'; partnerIds: string[] }
  /** acceptedBy: the partners who had accepted its text when it was withdrawn. */
  | { kind: 'withdrawn'; byId: string; at: number; acceptedBy: string[] }
  /** waitingFor: partners who have not accepted yet; fewer than two partners means the other has not joined. */
  | { kind: 'proposal'; acceptedBy: string[]; waitingFor: string[]; partnersMissing: number }

/** At least two partners must accept: one person's yes alone is never an agreement. */
const PARTNERS_NEEDED = 2

/** The partners among `people`: pass the people on the board now (`board.onBoard`), so nobody waits for someone removed. */
function partnerIdsOf(people: ReadonlyMap<string, Person>): string[] {
  return [...people.values()].filter((person) => person.role === 'partner').map((person) => person.id)
}

export function agreementStatus(card: CardView, people: ReadonlyMap<string, Person>): AgreementStatus {
  const partnerIds = partnerIdsOf(people)
  const accepted = new Set(card.agreement?.acceptedBy ?? [])
  const acceptedBy = partnerIds.filter((id) => accepted.has(id))
  const withdrawn = card.agreement?.withdrawn
  if (withdrawn) return { kind: 'withdrawn', byId: withdrawn.byId, at: withdrawn.at, acceptedBy }
  const waitingFor = partnerIds.filter((id) => !accepted.has(id))
  const partnersMissing = Math.max(0, PARTNERS_NEEDED - partnerIds.length)
  if (waitingFor.length === 0 && partnersMissing === 0) return { kind: 'agreed', partnerIds }
  return { kind: 'proposal', acceptedBy, waitingFor, partnersMissing }
}

/** Whether this person is asked to accept this card now. */
export function canAccept(card: CardView, person: Person | undefined): boolean {
  const agreement = card.agreement
  return agreement !== null && agreement.withdrawn === null && person?.role === 'partner' && !agreement.acceptedBy.includes(person.id)
}

/**
 * Whether the partners on the board have ever all said yes to it: now, or
 * to an earlier text. Such an agreement is withdrawn, never deleted, even
 * while a revision waits: what was promised stays on the record.
 */
export function wasAgreed(card: CardView, people: ReadonlyMap<string, Person>): boolean {
  if (card.agreement === null) return false
  const partnerIds = partnerIdsOf(people)
  if (partnerIds.length < PARTNERS_NEEDED) return false
  const versions = [card.agreement.acceptedBy, ...card.agreement.history.map((version) => version.acceptedBy)]
  return versions.some((acceptedBy) => partnerIds.every((id) => acceptedBy.includes(id)))
}

/** A partner on the board may withdraw an agreement that was agreed and still stands. */
export function canWithdraw(card: CardView, person: Person | undefined, people: ReadonlyMap<string, Person>): boolean {
  return card.agreement?.withdrawn === null && person?.role === 'partner' && people.has(person.id) && wasAgreed(card, people)
}

/** Marks the agreement withdrawn by this person; its text, versions and acceptances stay as they are. */
export function withdrawAgreement(doc: Y.Doc, cardId: string, personId: string, at: number): void {
  const fields = cardsMap(doc).get(cardId)
  if (!(fields instanceof Y.Map) || fields.get(CardField.lane) !== 'agreements') return
  doc.transact(() => {
    fields.set(CardField.withdrawnBy, personId)
    fields.set(CardField.withdrawnAt, at)
  })
}

/** Records this person's yes to the agreement's current text (and only that text). */
export function acceptAgreement(doc: Y.Doc, cardId: string, personId: string): void {
  const fields = cardsMap(doc).get(cardId)
  if (!(fields instanceof Y.Map)) return
  const revisionId = fields.get(CardField.revisionId)
  if (typeof revisionId !== 'string') return
  doc.transact(() => recordAcceptance(fields, personId, revisionId))
}

/** Writes one yes to one version; the writer's own yes is written this way when they propose or revise. */
export function recordAcceptance(fields: Y.Map<unknown>, personId: string, revisionId: string): void {
  let acceptedBy = fields.get(CardField.acceptedBy)
  if (!(acceptedBy instanceof Y.Map)) {
    acceptedBy = new Y.Map()
    fields.set(CardField.acceptedBy, acceptedBy)
  }
  ;(acceptedBy as Y.Map<string>).set(personId, revisionId)
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
