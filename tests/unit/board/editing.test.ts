import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CardEdit } from '../../../client/cards/cardEdit.ts'
import { readCard, cardsMap } from '../../../client/core/cardView.ts'
import { addCard, deleteCard } from '../../../client/cards/cards.ts'
import { changedSpan } from '../../../client/cards/textChange.ts'
import { UndoHistory } from '../../../client/cards/undoHistory.svelte.ts'

/** Exchanges updates the way the provider does: with an origin of its own, so they are not local changes. */
const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'provider')
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b), 'provider')
}
const textOf = (doc: Y.Doc, id: string) => readCard(id, cardsMap(doc).get(id))!.text

describe('changedSpan', () => {
  it('finds the one span that changed', () => {
    expect(changedSpan('walk on Sunday', 'walk daily on Sunday')).toEqual({ start: 5, end: 5, inserted: 'daily ' })
    expect(changedSpan('abc', 'abc')).toEqual({ start: 3, end: 3, inserted: '' })
    expect(changedSpan('abc', '')).toEqual({ start: 0, end: 3, inserted: '' })
  })

  it('never splits an emoji', () => {
    const span = changedSpan('a😀b', 'a😃b')
    expect(span).toEqual({ start: 1, end: 3, inserted: '😃' })
  })
})

describe('two people editing one card at once', () => {
  it('both keep their change: one merged result on both devices', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    const id = addCard(a, { lane: 'needs', text: 'time to talk on Sunday', authorId: 'alex', createdAt: 1, talkId: 't' })!
    sync(a, b)
    const editA = CardEdit.begin(a, id)!
    const editB = CardEdit.begin(b, id)!
    editA.save({ text: 'Quiet time to talk on Sunday' }, 'alex', 2)
    sync(a, b)
    // B's form still shows the text from before A's save; only B's own change is applied.
    editB.save({ text: 'time to talk on Sunday evenings' }, 'alex', 3)
    sync(a, b)
    expect(textOf(a, id)).toBe('Quiet time to talk on Sunday evenings')
    expect(textOf(b, id)).toBe(textOf(a, id))
  })

  it('merges edits made while apart', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    const id = addCard(a, { lane: 'feelings', text: 'tired and sad', authorId: 'alex', createdAt: 1, talkId: 't' })!
    sync(a, b)
    CardEdit.begin(a, id)!.save({ text: 'very tired and sad' }, 'alex', 2)
    CardEdit.begin(b, id)!.save({ text: 'tired and sad, but hopeful' }, 'alex', 3)
    sync(a, b)
    expect(textOf(a, id)).toBe('very tired and sad, but hopeful')
  })

  it('refuses to empty a card', () => {
    const doc = new Y.Doc()
    const id = addCard(doc, { lane: 'concerns', text: 'money', authorId: 'alex', createdAt: 1, talkId: 't' })!
    expect(CardEdit.begin(doc, id)!.save({ text: '   ' }, 'alex', 2)).toBe('empty')
    expect(textOf(doc, id)).toBe('money')
  })
})

describe('undo', () => {
  it("takes back this device's last change only, never another person's", () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    const undo = new UndoHistory(a)
    const mine = addCard(a, { lane: 'needs', text: 'mine', authorId: 'alex', createdAt: 1, talkId: 't' })!
    sync(a, b)
    const theirs = addCard(b, { lane: 'needs', text: 'theirs', authorId: 'blair', createdAt: 2, talkId: 't' })!
    sync(a, b)
    undo.undo()
    sync(a, b)
    for (const doc of [a, b]) {
      expect(cardsMap(doc).has(mine)).toBe(false)
      expect(cardsMap(doc).has(theirs)).toBe(true)
    }
  })

  it('brings a deleted card back whole', () => {
    const doc = new Y.Doc()
    const undo = new UndoHistory(doc)
    const id = addCard(doc, { lane: 'feelings', text: 'hurt', authorId: 'alex', createdAt: 1, talkId: 't', words: ['hurt'], intensity: 3 })!
    deleteCard(doc, id)
    undo.undo()
    const restored = [...cardsMap(doc).entries()].map(([cardId, fields]) => readCard(cardId, fields))
    expect(restored).toMatchObject([{ text: 'hurt', words: ['hurt'], intensity: 3 }])
  })
})
