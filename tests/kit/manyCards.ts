/**
 * A board of many cards, written as a person would add them: a batch at a
 * time, each batch one transaction, so one update on the wire. What the
 * resume bench and the reload tests measure against.
 */
import type * as Y from 'yjs'
import { addCard } from '../../client/cards/cards.ts'

export const CARDS_PER_TRANSACTION = 50
export const CARD_CHARACTERS = 120

/** Adds `count` cards numbered from `first`, each of CARD_CHARACTERS characters. */
export function writeManyCards(doc: Y.Doc, count: number, first = 0): void {
  const sentence = 'When the plans changed without a word I felt left out, and I want us to decide such things together. '
  for (let batch = first; batch < first + count; batch += CARDS_PER_TRANSACTION) {
    doc.transact(() => {
      for (let i = batch; i < Math.min(batch + CARDS_PER_TRANSACTION, first + count); i++) {
        const text = `${i}: ${sentence.repeat(2)}`.slice(0, CARD_CHARACTERS)
        addCard(doc, { lane: 'feelings', text, authorId: 'bench', createdAt: i, talkId: 'bench' })
      }
    })
  }
}
