/**
 * Editing a card in a form: opened once, saved once. The text change is
 * applied where the words are at save time (see TextEdit), so two people
 * editing one card at once both keep their changes. Revising an agreement
 * keeps the old version readable, counts as the reviser's yes, and asks
 * the others to accept again.
 */
import * as Y from 'yjs'
import { CardField, type AgreementVersion, type Recurrence } from '../../shared/schema.ts'
import { keepCardClaim, type CardClaimEntry } from '../core/cardClaims.ts'
import { cardsMap, readCard, type CardView } from '../core/cardView.ts'
import { newId } from '../core/ids.ts'
import { recordAcceptance } from './agreements.ts'
import { cleanCardText } from './cards.ts'
import { TextEdit } from './textChange.ts'

export type EditResult = 'saved' | 'unchanged' | 'empty' | 'gone'

export type CardChange = { text: string; recurrence?: Recurrence | null }

export class CardEdit {
  readonly #doc: Y.Doc
  readonly #cardId: string
  readonly #text: TextEdit
  readonly #baseRecurrence: string

  private constructor(doc: Y.Doc, cardId: string, text: Y.Text, card: CardView) {
    this.#doc = doc
    this.#cardId = cardId
    this.#text = new TextEdit(text)
    this.#baseRecurrence = JSON.stringify(card.agreement?.recurrence ?? null)
  }

  /** Starts editing a card as it is now; null when it is gone or malformed. */
  static begin(doc: Y.Doc, cardId: string): CardEdit | null {
    const fields = cardsMap(doc).get(cardId)
    const card = readCard(cardId, fields)
    const text = fields?.get(CardField.text)
    return card && text instanceof Y.Text ? new CardEdit(doc, cardId, text, card) : null
  }

  /** The text when the edit began: what the form starts with. */
  get baseText(): string {
    return this.#text.base
  }

  /** The card's text as saving `change` now would leave it (what the editor signs first); null when it is gone. */
  textAfter(change: CardChange): string | null {
    if (!cardsMap(this.#doc).has(this.#cardId)) return null
    return this.#text.preview(cleanCardText(change.text))
  }

  /** Saves the change; `claim`, when given, is the editor's signature over the text it leaves, kept in the same transaction. */
  /** What saving `change` now would come to, without saving it. */
  outcome(change: CardChange): EditResult {
    const card = readCard(this.#cardId, cardsMap(this.#doc).get(this.#cardId))
    if (!card) return 'gone'
    const text = cleanCardText(change.text)
    if (text === this.#text.base && !this.#recurrenceChanged(card, change)) return 'unchanged'
    if (text === '' && card.words.length === 0) return 'empty'
    return 'saved'
  }

  #recurrenceChanged(card: CardView, change: CardChange): boolean {
    return card.agreement !== null && change.recurrence !== undefined && JSON.stringify(change.recurrence) !== this.#baseRecurrence
  }

  save(change: CardChange, editorId: string, at: number, claim?: CardClaimEntry): EditResult {
    const outcome = this.outcome(change)
    const fields = cardsMap(this.#doc).get(this.#cardId)
    const card = readCard(this.#cardId, fields)
    if (outcome !== 'saved' || !fields || !card) return outcome
    const text = cleanCardText(change.text)
    const recurrenceChanged = this.#recurrenceChanged(card, change)
    this.#doc.transact(() => {
      if (card.agreement) {
        const earlier: AgreementVersion = {
          text: card.text,
          byId: card.agreement.currentById,
          at: card.editedAt ?? card.createdAt,
          acceptedBy: card.agreement.acceptedBy,
          recurrence: card.agreement.recurrence,
        }
        historyOf(fields).push([earlier])
        const revisionId = newId()
        fields.set(CardField.revisionId, revisionId)
        fields.set(CardField.revisedBy, editorId)
        // Revising is accepting the new text; the others are asked again.
        recordAcceptance(fields, editorId, revisionId)
        if (recurrenceChanged && change.recurrence) fields.set(CardField.recurrence, change.recurrence)
        else if (recurrenceChanged) fields.delete(CardField.recurrence)
      }
      this.#text.apply(text)
      fields.set(CardField.editedAt, at)
      if (claim) keepCardClaim(fields, claim)
    })
    return 'saved'
  }
}

function historyOf(fields: Y.Map<unknown>): Y.Array<AgreementVersion> {
  const history = fields.get(CardField.history)
  if (history instanceof Y.Array) return history as Y.Array<AgreementVersion>
  const created = new Y.Array<AgreementVersion>()
  fields.set(CardField.history, created)
  return created
}
