/**
 * The listening loop on a card: someone other than the author reflects
 * what they heard ("What I hear you saying is…"), and the author answers
 * Heard or Not quite, with a word if they like. It can go round again.
 * The answer is signed by the author's device: one that does not verify
 * as theirs is never shown as their answer. Before answering, the
 * listener may ask `Is there more?` and the author add more (Imago's
 * dialogue), as often as it takes; each addition is signed like an answer.
 */
import * as Y from 'yjs'
import { CardField, MAX_REFLECTION_TEXT, ReflectionField, type ReflectionAnswer } from '../../shared/schema.ts'
import type { Signer } from '../../shared/signing.ts'
import { cardsMap, readCard, type CardView, type ReflectionView } from '../core/cardView.ts'
import { signClaim, type ClaimField, type ClaimKind } from '../core/claims.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { newId } from '../core/ids.ts'
import { moreAsked, type MoreTurn } from '../core/moreTurns.ts'

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
    // Made now, not on first use: an ask and an addition made at once on two devices would lose one of them.
    reflection.set(ReflectionField.more, new Y.Array())
    ;(reflections as Y.Map<Y.Map<unknown>>).set(id, reflection)
  })
  return id
}

/** What the author's answer signs: the card, the reflection and its words as heard, and the answer. */
export function answerFields(cardId: string, reflection: Pick<ReflectionView, 'id' | 'text'>, answer: ReflectionAnswer): ClaimField[] {
  return [cardId, reflection.id, reflection.text, answer]
}

/** The verdict on an answer: signed by a believed device of the card's author (BoardTrust.verdict on screen). */
export function answerVerdict(
  card: Pick<CardView, 'id' | 'authorId'>,
  reflection: ReflectionView,
  verdictOf: (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Verdict,
): Verdict | null {
  if (reflection.answer === null) return null
  return verdictOf('answer', answerFields(card.id, reflection, reflection.answer), reflection.answerClaim, card.authorId)
}

/** The author's answer to one reflection, signed first, then written with its claim in one transaction. */
export async function answerReflection(
  doc: Y.Doc,
  signing: { boardId: string; signer: Signer | null },
  answered: { cardId: string; reflectionId: string; answer: ReflectionAnswer; note: string; at: number },
): Promise<void> {
  const { cardId, reflectionId, answer, note, at } = answered
  const heard = readCard(cardId, cardsMap(doc).get(cardId))?.reflections.find((each) => each.id === reflectionId)
  if (heard === undefined) return
  const claim = signing.signer && (await signClaim(signing.signer, signing.boardId, 'answer', answerFields(cardId, heard, answer)))
  const reflections = cardsMap(doc).get(cardId)?.get(CardField.reflections)
  const reflection = reflections instanceof Y.Map ? reflections.get(reflectionId) : undefined
  if (!(reflection instanceof Y.Map)) return
  doc.transact(() => {
    reflection.set(ReflectionField.answer, answer)
    reflection.set(ReflectionField.answeredAt, at)
    if (claim) reflection.set(ReflectionField.answerClaim, claim)
    else reflection.delete(ReflectionField.answerClaim)
    const cleanedNote = cleanReflectionText(note)
    if (cleanedNote !== '') reflection.set(ReflectionField.answerNote, cleanedNote)
    else reflection.delete(ReflectionField.answerNote)
  })
}

/** The listener may ask `Is there more?` of their own reflection while it waits for its answer, once per turn. */
export function canAskForMore(reflection: ReflectionView, personId: string): boolean {
  return reflection.byId === personId && reflection.answer === null && !moreAsked(reflection.more)
}

/** The author may add more once the listener asked and before answering. */
export function canAddMore(card: Pick<CardView, 'authorId'>, reflection: ReflectionView, personId: string): boolean {
  return card.authorId === personId && reflection.answer === null && moreAsked(reflection.more)
}

/** The reflection's Y.Map as written, or null when it (or its card) is gone. */
function reflectionFields(doc: Y.Doc, cardId: string, reflectionId: string): Y.Map<unknown> | null {
  const reflections = cardsMap(doc).get(cardId)?.get(CardField.reflections)
  const reflection = reflections instanceof Y.Map ? reflections.get(reflectionId) : undefined
  return reflection instanceof Y.Map ? (reflection as Y.Map<unknown>) : null
}

/** Appends a turn to the reflection's list, making the list the first time. */
function appendTurn(reflection: Y.Map<unknown>, turn: Record<string, unknown>): void {
  const doc = reflection.doc
  const write = () => {
    let turns = reflection.get(ReflectionField.more)
    if (!(turns instanceof Y.Array)) {
      turns = new Y.Array()
      reflection.set(ReflectionField.more, turns)
    }
    ;(turns as Y.Array<unknown>).push([turn])
  }
  if (doc) doc.transact(write)
  else write()
}

function readReflection(doc: Y.Doc, cardId: string, reflectionId: string): { card: CardView; reflection: ReflectionView } | null {
  const card = readCard(cardId, cardsMap(doc).get(cardId))
  const reflection = card?.reflections.find((each) => each.id === reflectionId)
  return card && reflection ? { card, reflection } : null
}

/** The listener asks `Is there more?`; false when it is not theirs to ask now. */
export function askForMore(doc: Y.Doc, cardId: string, reflectionId: string, byId: string, at: number): boolean {
  const read = readReflection(doc, cardId, reflectionId)
  const fields = reflectionFields(doc, cardId, reflectionId)
  if (read === null || fields === null || !canAskForMore(read.reflection, byId)) return false
  appendTurn(fields, { id: newId(), kind: 'ask', byId, at })
  return true
}

/** What the author's addition signs: the card, the reflection, the addition and its words. */
export function moreFields(cardId: string, reflectionId: string, turn: Pick<MoreTurn & { kind: 'more' }, 'id' | 'text'>): ClaimField[] {
  return [cardId, reflectionId, turn.id, turn.text]
}

/** The verdict on an addition: signed by a believed device of the card's author. */
export function moreVerdict(
  card: Pick<CardView, 'id' | 'authorId'>,
  reflection: Pick<ReflectionView, 'id'>,
  turn: MoreTurn & { kind: 'more' },
  verdictOf: (kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null) => Verdict,
): Verdict {
  return verdictOf('more', moreFields(card.id, reflection.id, turn), turn.claim, card.authorId)
}

/** The author adds more, signed first, then written with its claim; false when blank or not theirs to add now. */
export async function addMore(
  doc: Y.Doc,
  signing: { boardId: string; signer: Signer | null },
  added: { cardId: string; reflectionId: string; byId: string; text: string; at: number },
): Promise<boolean> {
  const { cardId, reflectionId, byId, at } = added
  const text = cleanReflectionText(added.text)
  const before = readReflection(doc, cardId, reflectionId)
  if (text === '' || before === null || !canAddMore(before.card, before.reflection, byId)) return false
  const id = newId()
  const claim = signing.signer && (await signClaim(signing.signer, signing.boardId, 'more', moreFields(cardId, reflectionId, { id, text })))
  const fields = reflectionFields(doc, cardId, reflectionId)
  if (fields === null) return false
  appendTurn(fields, { id, kind: 'more', byId, text, at, ...(claim ? { claim } : {}) })
  return true
}
