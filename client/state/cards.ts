import * as Y from 'yjs'
import { CardField, LANES, MAX_CARD_TEXT, type LaneId } from '../../shared/schema.ts'
import { newId } from './ids.ts'

export type NewCard = {
  lane: LaneId
  text: string
  authorId: string
  /** Server time (session.clock.now()), so every screen orders cards alike. */
  createdAt: number
}

/** One card as the UI shows it: a plain snapshot of its Y.Map. */
export type CardView = NewCard & { id: string }

/** The board's cards map: cardId → Y.Map holding CardField keys. */
export function cardsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>('cards')
}

/** Cuts a card's text to what a card holds, dropping blank edges. Empty means "nothing to add". */
export function cleanCardText(text: string): string {
  return text.trim().slice(0, MAX_CARD_TEXT).trimEnd()
}

/** Places a card on the board; returns its id, or null when the text is blank. */
export function addCard(doc: Y.Doc, card: NewCard): string | null {
  const text = cleanCardText(card.text)
  if (text === '') return null
  const id = newId()
  const fields = new Y.Map<unknown>()
  fields.set(CardField.lane, card.lane)
  fields.set(CardField.text, new Y.Text(text))
  fields.set(CardField.authorId, card.authorId)
  fields.set(CardField.createdAt, card.createdAt)
  // Inserted whole in one transaction, so no screen ever sees a card without its text.
  cardsMap(doc).set(id, fields)
  return id
}

const laneIds = new Set<string>(LANES.map((lane) => lane.id))

/** Reads a card written by any device, or null when it is malformed (another version, a bad peer). */
export function readCard(id: string, fields: Y.Map<unknown>): CardView | null {
  if (!(fields instanceof Y.Map)) return null
  const lane = fields.get(CardField.lane)
  const text = fields.get(CardField.text)
  const authorId = fields.get(CardField.authorId)
  const createdAt = fields.get(CardField.createdAt)
  if (typeof lane !== 'string' || !laneIds.has(lane)) return null
  if (!(text instanceof Y.Text) || typeof authorId !== 'string' || typeof createdAt !== 'number') return null
  return { id, lane: lane as LaneId, text: text.toString(), authorId, createdAt }
}

/** Oldest first; ties (same millisecond on two devices) broken by id so every screen agrees. */
export function byPlacement(a: CardView, b: CardView): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
