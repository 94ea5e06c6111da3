/**
 * The listening loop on a card: someone other than the author reflects
 * what they heard ("What I hear you saying is…"), and the author answers
 * Heard or Not quite, with a word if they like. It can go round again.
 */
import * as Y from 'yjs'
import { CardField, MAX_REFLECTION_TEXT, ReflectionField, type ReflectionAnswer } from '../../shared/schema.ts'
import { cardsMap, type CardView, type ReflectionView } from '../core/cardView.ts'
import { newId } from '../core/ids.ts'

/** The lead-in shown before every reflection; not stored, so it reads the same in every version. */
export const REFLECTION_LEAD_IN = 'What I hear you saying is…'

export function cleanReflectionText(text: string): string {
  return text.trim().slice(0, MAX_REFLECTION_TEXT).trimEnd()
}

/** The author's own card is not theirs to reflect. */
export function canReflect(card: CardView, personId: string): boolean {
  return card.authorId !== personId
}

/** The reflection waiting for the author's answer: the latest one, if unanswered. */
export function awaitingAnswer(card: CardView): ReflectionView | null {
  const latest = card.reflections.at(-1)
  return latest && latest.answer === null ? latest : null
}

/** Adds a reflection to a card; returns its id, or null when blank or the card is gone. */
export function reflectOn(doc: Y.Doc, cardId: string, byId: string, text: string, at: number): string | null {
  const cleaned = cleanReflectionText(text)
  const card = cardsMap(doc).get(cardId)
  if (cleaned === '' || !(card instanceof Y.Map)) return null
  const id = newId()
  doc.transact(() => {
    let reflections = card.get(CardField.reflections)
    if (!(reflections instanceof Y.Map)) {
      reflections = new Y.Map()
      card.set(CardField.reflections, reflections)
    }
    const reflection = new Y.Map<unknown>()
    reflection.set(ReflectionField.byId, byId)
    reflection.set(ReflectionField.text, cleaned)
    reflection.set(ReflectionField.at, at)
    ;(reflections as Y.Map<Y.Map<unknown>>).set(id, reflection)
  })
  return id
}

/** The author's answer to one reflection. */
export function answerReflection(
  doc: Y.Doc,
  cardId: string,
  reflectionId: string,
  answer: ReflectionAnswer,
  note: string,
  at: number,
): void {
  const reflections = cardsMap(doc).get(cardId)?.get(CardField.reflections)
  const reflection = reflections instanceof Y.Map ? reflections.get(reflectionId) : undefined
  if (!(reflection instanceof Y.Map)) return
  doc.transact(() => {
    reflection.set(ReflectionField.answer, answer)
    reflection.set(ReflectionField.answeredAt, at)
    const cleanedNote = cleanReflectionText(note)
    if (cleanedNote !== '') reflection.set(ReflectionField.answerNote, cleanedNote)
    else reflection.delete(ReflectionField.answerNote)
  })
}
