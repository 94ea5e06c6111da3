import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CardField, MAX_CARD_TEXT, PERSON_COLOURS, type Person } from '../../shared/schema.ts'
import { addCard } from '../../client/cards/cards.ts'
import { cardsMap, byPlacement, readCard, type CardView } from '../../client/core/cardView.ts'
import { chooseColour, joinBoard } from '../../client/core/people.ts'
import { describePlacedAt } from '../../client/ui/placedAt.ts'
import { routeFor } from '../../client/app/router.svelte.ts'

const person = (id: string, color: string): Person => ({ id, name: id, color, role: 'partner', joinedAt: 0 })

describe('addCard', () => {
  it('places a card with its lane, text, author and server time', () => {
    const doc = new Y.Doc()
    const id = addCard(doc, { lane: 'needs', text: '  Time to talk  ', authorId: 'p1', createdAt: 1234, talkId: 't1' })
    expect(id).not.toBeNull()
    expect(readCard(id!, cardsMap(doc).get(id!)!)).toMatchObject({
      id,
      lane: 'needs',
      text: 'Time to talk',
      authorId: 'p1',
      createdAt: 1234,
      talkId: 't1',
    })
  })

  it('places nothing for blank text', () => {
    const doc = new Y.Doc()
    expect(addCard(doc, { lane: 'feelings', text: ' \n\t ', authorId: 'p1', createdAt: 1, talkId: 't1' })).toBeNull()
    expect(cardsMap(doc).size).toBe(0)
  })

  it('cuts text to what a card holds', () => {
    const doc = new Y.Doc()
    const id = addCard(doc, { lane: 'feelings', text: 'x'.repeat(MAX_CARD_TEXT + 50), authorId: 'p1', createdAt: 1, talkId: 't1' })!
    expect(readCard(id, cardsMap(doc).get(id)!)!.text).toHaveLength(MAX_CARD_TEXT)
  })

  it('reaches another doc as one whole card', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    const id = addCard(a, { lane: 'agreements', text: 'Sunday check-ins', authorId: 'p1', createdAt: 5, talkId: 't1' })!
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readCard(id, cardsMap(b).get(id)!)?.text).toBe('Sunday check-ins')
  })
})

describe('readCard', () => {
  it('refuses cards from an unknown lane or with missing fields', () => {
    const doc = new Y.Doc()
    const malformed = new Y.Map<unknown>()
    cardsMap(doc).set('bad', malformed)
    malformed.set(CardField.lane, 'gossip')
    malformed.set(CardField.text, new Y.Text('hi'))
    malformed.set(CardField.authorId, 'p1')
    malformed.set(CardField.createdAt, 1)
    expect(readCard('bad', malformed)).toBeNull()
    malformed.set(CardField.lane, 'feelings')
    malformed.delete(CardField.createdAt)
    expect(readCard('bad', malformed)).toBeNull()
  })
})

describe('byPlacement', () => {
  it('orders by server time, then by id so every screen agrees on ties', () => {
    const card = (id: string, createdAt: number): CardView => ({
      id,
      createdAt,
      lane: 'needs',
      text: id,
      authorId: 'p',
      talkId: null,
      editedAt: null,
      intensity: null,
      words: [],
      reflections: [],
      agreement: null,
      claims: [],
      themes: [],
    })
    const sorted = [card('c', 2), card('b', 1), card('a', 2)].sort(byPlacement)
    expect(sorted.map((c) => c.id)).toEqual(['b', 'a', 'c'])
  })
})

describe('chooseColour', () => {
  it('picks the first colour nobody else wears', () => {
    const doc = new Y.Doc()
    expect(chooseColour(doc)).toBe(PERSON_COLOURS[0])
    joinBoard(doc, person('a', PERSON_COLOURS[0]))
    joinBoard(doc, person('b', PERSON_COLOURS[2]))
    expect(chooseColour(doc)).toBe(PERSON_COLOURS[1])
    // One's own colour does not count as taken.
    expect(chooseColour(doc, 'a')).toBe(PERSON_COLOURS[0])
  })

  it('repeats colours in order once all are worn', () => {
    const doc = new Y.Doc()
    PERSON_COLOURS.forEach((colour, index) => joinBoard(doc, person(`p${index}`, colour)))
    expect(PERSON_COLOURS).toContain(chooseColour(doc))
  })
})

describe('describePlacedAt', () => {
  it('says "just now" for the last minute and the time of day after', () => {
    const now = new Date(2025, 2, 12, 14, 5, 30).getTime()
    expect(describePlacedAt(now - 10_000, now)).toBe('just now')
    expect(describePlacedAt(new Date(2025, 2, 12, 9, 7).getTime(), now)).toMatch(/09.07/)
    expect(describePlacedAt(new Date(2025, 2, 10, 9, 7).getTime(), now)).toMatch(/10/)
  })
})

describe('routeFor', () => {
  it('knows the start page and board pages', () => {
    expect(routeFor('/')).toEqual({ page: 'start' })
    expect(routeFor('/b/abc')).toEqual({ page: 'board', boardId: 'abc' })
    expect(routeFor('/b/')).toEqual({ page: 'board', boardId: '' })
    expect(routeFor('/elsewhere')).toEqual({ page: 'not-found' })
  })
})
