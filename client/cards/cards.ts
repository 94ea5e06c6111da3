/**
 * Writing cards. Each function is one Yjs transaction, so every screen sees
 * a change whole, and the undo manager takes it back whole.
 */
import * as Y from 'yjs'
import { CardField, MAX_CARD_TEXT, MAX_CARD_WORDS, type LaneId, type Recurrence } from '../../shared/schema.ts'
import { newCardClaims, type CardClaimEntry } from '../core/cardClaims.ts'
import { cardsMap, readIntensity, type CardView } from '../core/cardView.ts'
import { carriedForwardKey, carriedForwardMap } from '../core/carriedForward.ts'
import type { StoredClaim } from '../core/claims.ts'
import { newId } from '../core/ids.ts'

/**
 * The origin of a claim written after the change it vouches for (a re-sign after an undo, a change that met
 * another, the writer's yes to a revision): not a step of undo, which takes back the change itself.
 */
export const CLAIM_ORIGIN = 'card-claim'

export type NewCard = {
  lane: LaneId
  text: string
  authorId: string
  /** Server time (the cards model stamps it), so every screen orders cards alike. */
  createdAt: number
  /** Null between talks: a card placed after a talk ended starts no talk by itself. */
  talkId: string | null
  /** Feelings only. */
  intensity?: number | null
  /** Feelings and needs: words picked from the vocabulary. */
  words?: readonly string[]
  /** Agreements only. */
  recurrence?: Recurrence | null
}

/** Cuts a card's text to what a card holds, dropping blank edges. Empty means "nothing to add". */
export function cleanCardText(text: string): string {
  return text.trim().slice(0, MAX_CARD_TEXT).trimEnd()
}

/** Distinct, trimmed, at most MAX_CARD_WORDS. */
export function cleanWords(words: readonly string[] = []): string[] {
  const cleaned = words.map((word) => word.trim()).filter((word) => word !== '')
  return [...new Set(cleaned)].slice(0, MAX_CARD_WORDS)
}

/** An agreement's revision id drawn ahead, and its proposer's signed yes to it, so the card and its claims are written together. */
export type SignedProposal = { revisionId: string; acceptance: StoredClaim }

/** Whether a card with this text and these words would say anything (what addCard places). */
export function saysSomething(card: Pick<NewCard, 'lane' | 'text' | 'words'>): boolean {
  return cleanCardText(card.text) !== '' || ((card.lane === 'feelings' || card.lane === 'needs') && cleanWords(card.words).length > 0)
}

/**
 * Places a card on the board; returns its id, or null when it would say
 * nothing. `id`, `claim` and `proposal` come from a caller that signed the
 * card (and, for an agreement, the proposer's yes) first, so the card and
 * its author's claims arrive in one transaction.
 */
export function addCard(
  doc: Y.Doc,
  card: NewCard,
  signed?: { id: string; claim: CardClaimEntry | null; proposal?: SignedProposal | null },
): string | null {
  const text = cleanCardText(card.text)
  const words = card.lane === 'feelings' || card.lane === 'needs' ? cleanWords(card.words) : []
  if (text === '' && words.length === 0) return null
  const id = signed?.id ?? newId()
  const proposal = signed?.proposal ?? null
  const fields = new Y.Map<unknown>()
  fields.set(CardField.lane, card.lane)
  fields.set(CardField.text, new Y.Text(text))
  fields.set(CardField.authorId, card.authorId)
  fields.set(CardField.createdAt, card.createdAt)
  if (card.talkId !== null) fields.set(CardField.talkId, card.talkId)
  // Made now, not on first use: two people creating the same nested map at once would lose one of them.
  fields.set(CardField.reflections, new Y.Map())
  fields.set(CardField.themes, new Y.Map())
  if (words.length > 0) fields.set(CardField.words, words)
  const intensity = card.lane === 'feelings' ? readIntensity(card.intensity) : null
  if (intensity !== null) fields.set(CardField.intensity, intensity)
  if (card.lane === 'agreements') {
    const revisionId = proposal?.revisionId ?? newId()
    fields.set(CardField.revisionId, revisionId)
    // Proposing is accepting: the proposer's yes is on the record from the start, signed when this device signs.
    fields.set(CardField.acceptedBy, new Y.Map([[card.authorId, revisionId]]))
    fields.set(CardField.acceptances, new Y.Map(proposal ? [[card.authorId, proposal.acceptance]] : []))
    fields.set(CardField.history, new Y.Array())
    if (card.recurrence) fields.set(CardField.recurrence, card.recurrence)
  }
  fields.set(CardField.claims, newCardClaims(signed?.claim ?? null))
  // Inserted whole in one transaction, so no screen ever sees a card without its text.
  cardsMap(doc).set(id, fields)
  return id
}

/** Authors edit and delete their own cards; an agreement belongs to everyone and anyone may revise it. */
export function canEdit(card: CardView, personId: string): boolean {
  return card.authorId === personId || card.lane === 'agreements'
}

/**
 * Takes a card from an earlier talk up again in the one going on. The card
 * stays in the talk it was said in, with its reflections, so that talk's
 * record is unchanged; the later talk notes it was brought in, by whom.
 */
export function carryForward(doc: Y.Doc, carried: { cardId: string; talkId: string; byId: string; at: number }): void {
  if (!cardsMap(doc).has(carried.cardId)) return
  const key = carriedForwardKey(carried.talkId, carried.cardId)
  if (!carriedForwardMap(doc).has(key)) carriedForwardMap(doc).set(key, { ...carried })
}

export function canDelete(card: CardView, personId: string): boolean {
  return card.authorId === personId
}

export function deleteCard(doc: Y.Doc, cardId: string): void {
  cardsMap(doc).delete(cardId)
}
