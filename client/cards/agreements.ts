/**
 * Agreements: proposed by one person, an agreement only once every partner
 * has accepted its current text. A facilitator may propose or revise, but
 * their acceptance is not asked for and does not count: the promise is the
 * couple's.
 */
import * as Y from 'yjs'
import { CardField, type Person, type Recurrence } from '../../shared/schema.ts'
import { cardsMap, type CardView } from '../core/cardView.ts'
import { describeRecurrence, WEEKDAYS } from '../ui/recurrenceWords.ts'

export type AgreementStatus =
  | { kind: 'agreed'; partnerIds: string[] }
  /** waitingFor: partners who have not accepted yet; fewer than two partners means the other has not joined. */
  | { kind: 'proposal'; acceptedBy: string[]; waitingFor: string[]; partnersMissing: number }

/** At least two partners must accept: one person's yes alone is never an agreement. */
const PARTNERS_NEEDED = 2

export function agreementStatus(card: CardView, people: ReadonlyMap<string, Person>): AgreementStatus {
  const partnerIds = [...people.values()].filter((person) => person.role === 'partner').map((person) => person.id)
  const accepted = new Set(card.agreement?.acceptedBy ?? [])
  const acceptedBy = partnerIds.filter((id) => accepted.has(id))
  const waitingFor = partnerIds.filter((id) => !accepted.has(id))
  const partnersMissing = Math.max(0, PARTNERS_NEEDED - partnerIds.length)
  if (waitingFor.length === 0 && partnersMissing === 0) return { kind: 'agreed', partnerIds }
  return { kind: 'proposal', acceptedBy, waitingFor, partnersMissing }
}

/** Whether this person is asked to accept this card now. */
export function canAccept(card: CardView, person: Person | undefined): boolean {
  return card.agreement !== null && person?.role === 'partner' && !card.agreement.acceptedBy.includes(person.id)
}

/** Records this person's yes to the agreement's current text (and only that text). */
export function acceptAgreement(doc: Y.Doc, cardId: string, personId: string): void {
  const fields = cardsMap(doc).get(cardId)
  if (!(fields instanceof Y.Map)) return
  const revisionId = fields.get(CardField.revisionId)
  if (typeof revisionId !== 'string') return
  doc.transact(() => {
    let acceptedBy = fields.get(CardField.acceptedBy)
    if (!(acceptedBy instanceof Y.Map)) {
      acceptedBy = new Y.Map()
      fields.set(CardField.acceptedBy, acceptedBy)
    }
    ;(acceptedBy as Y.Map<string>).set(personId, revisionId)
  })
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
