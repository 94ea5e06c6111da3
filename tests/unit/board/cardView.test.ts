import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_CARD_TEXT, MAX_CARD_WORDS, MAX_REFLECTION_TEXT } from '../../../shared/schema.ts'
import { cardLabel, readCard, cardsMap } from '../../../client/core/cardView.ts'
import { addCard } from '../../../client/cards/cards.ts'
import { currentTalkId, readTalks, startTalk, talksMap } from '../../../client/core/talks.ts'

describe('feelings and needs carry vocabulary words', () => {
  it('keeps words and an intensity on a feeling', () => {
    const doc = new Y.Doc()
    const id = addCard(doc, {
      lane: 'feelings',
      text: '',
      authorId: 'a',
      createdAt: 1,
      talkId: 't',
      words: [' betrayed ', 'betrayed', 'tired'],
      intensity: 4,
    })!
    const card = readCard(id, cardsMap(doc).get(id))!
    expect(card).toMatchObject({ text: '', words: ['betrayed', 'tired'], intensity: 4 })
    expect(cardLabel(card)).toBe('betrayed, tired')
  })

  it('drops an intensity out of range and words on lanes without a vocabulary', () => {
    const doc = new Y.Doc()
    const feeling = addCard(doc, { lane: 'feelings', text: 'sad', authorId: 'a', createdAt: 1, talkId: 't', intensity: 9 })!
    expect(readCard(feeling, cardsMap(doc).get(feeling))!.intensity).toBeNull()
    expect(addCard(doc, { lane: 'questions', text: '', authorId: 'a', createdAt: 1, talkId: 't', words: ['hurt'] })).toBeNull()
  })

  it('reads odd values from a faulty device as absent, and caps the words', () => {
    const doc = new Y.Doc()
    const id = addCard(doc, { lane: 'needs', text: 'space', authorId: 'a', createdAt: 1, talkId: 't' })!
    const fields = cardsMap(doc).get(id)!
    fields.set('words', [...Array.from({ length: 20 }, (_, i) => `w${i}`), 7])
    fields.set('intensity', '5')
    fields.set('editedAt', 'yesterday')
    expect(readCard(id, fields)).toMatchObject({
      words: Array.from({ length: MAX_CARD_WORDS }, (_, i) => `w${i}`),
      intensity: null,
      editedAt: null,
    })
  })

  it('shows no more than a card holds, whatever a peer wrote: text, words and what a reflection says are cut to their limits', () => {
    const doc = new Y.Doc()
    const id = addCard(doc, { lane: 'feelings', text: 'x', authorId: 'a', createdAt: 1, talkId: 't' })!
    const fields = cardsMap(doc).get(id)!
    ;(fields.get('text') as Y.Text).insert(1, 'y'.repeat(50_000))
    fields.set('words', ['w'.repeat(10_000), '  ', 'calm\n  words'])
    const reflection = new Y.Map<unknown>([
      ['byId', 'b'],
      ['text', 'z'.repeat(50_000)],
      ['at', 2],
    ])
    ;(fields.get('reflections') as Y.Map<unknown>).set('r', reflection)
    const card = readCard(id, fields)!
    expect(card.text).toHaveLength(MAX_CARD_TEXT)
    expect(card.words.map((word) => word.length)).toEqual([60, 'calm words'.length])
    expect(card.reflections[0]!.text).toHaveLength(MAX_REFLECTION_TEXT)
  })
})

describe('talks', () => {
  it('starts the first talk when none exists, then keeps using the latest', () => {
    const doc = new Y.Doc()
    const first = currentTalkId(doc, 100)
    expect(currentTalkId(doc, 200)).toBe(first)
    const second = startTalk(doc, 300)
    expect(currentTalkId(doc, 400)).toBe(second)
    expect(readTalks(doc).map((talk) => talk.id)).toEqual([first, second])
  })

  it('skips malformed talks', () => {
    const doc = new Y.Doc()
    talksMap(doc).set('x', { id: 'y', startedAt: 1 })
    ;(talksMap(doc) as Y.Map<unknown>).set('z', 'nonsense')
    expect(readTalks(doc)).toEqual([])
  })
})
