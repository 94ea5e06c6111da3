/**
 * Patterns counts what verifies as each person's, on the board as the app
 * writes it: cards signed by their author's device, carried forward and
 * removed as the cards feature does, themes signed by whoever gave them.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CardField, type CheckIn, type Talk } from '../../../shared/schema.ts'
import { generateSigningKeyPair, signerOf, type Signer } from '../../../shared/signing.ts'
import { addCard, carryForward, deleteCard } from '../../../client/cards/cards.ts'
import { checkAuthorship } from '../../../client/core/cardAuthorship.ts'
import { signCardText } from '../../../client/core/cardClaims.ts'
import { keepCardTheme, readCardThemes, themeClaimFields, type ThemeId } from '../../../client/core/cardThemes.ts'
import { cardsMap, readCard, type CardView } from '../../../client/core/cardView.ts'
import { signClaim } from '../../../client/core/claims.ts'
import { registerDevice } from '../../../client/core/devices.ts'
import {
  agreementTallies,
  cardVocabularyWords,
  describeRecurring,
  recurringWords,
  themesOverTime,
} from '../../../client/patterns/patterns.ts'
import { trustOnDevice } from '../../kit/memoryTrust.ts'

const BOARD = 'board-patterns'

async function boardOfTwo() {
  const doc = new Y.Doc()
  const alex = signerOf('device-alex', await generateSigningKeyPair())
  const blair = signerOf('device-blair', await generateSigningKeyPair())
  await registerDevice(doc, BOARD, alex, 'alex', 1)
  await registerDevice(doc, BOARD, blair, 'blair', 1)
  const trust = trustOnDevice(BOARD, doc, alex)
  const talks: Talk[] = [1, 2, 3].map((n) => ({ id: `t${n}`, startedAt: n * 1000, endedAt: n * 1000 + 500 }))
  /** Places a card the way the app does: signed by `signer` first, card and claim in one write. */
  const place = async (
    signer: Signer,
    card: { lane: 'feelings' | 'needs'; text: string; authorId: string; talkId: string | null; words?: string[]; createdAt?: number },
  ) => {
    const id = `card-${Math.random().toString(36).slice(2)}`
    const createdAt = card.createdAt ?? 1000
    const claim = await signCardText(signer, BOARD, { id, authorId: card.authorId, lane: card.lane, createdAt }, card.text)
    return addCard(doc, { ...card, createdAt }, { id, claim })!
  }
  const cards = () => [...cardsMap(doc)].flatMap(([id, fields]) => readCard(id, fields) ?? [])
  /** Every card's authorship, checked as the screen checks it. */
  const authorships = async () => {
    const kinds = new Map<string, string>()
    for (const card of cards()) kinds.set(card.id, (await checkAuthorship(trust, card)).kind)
    return (card: CardView) => kinds.get(card.id) as 'author'
  }
  return { doc, alex, blair, trust, talks, place, cards, authorships }
}

describe('feelings and needs that come back', () => {
  it('names a need in 3 of 3 talks for its person, from picked words or a text that is exactly the word', async () => {
    const { alex, blair, trust, talks, place, cards, authorships } = await boardOfTwo()
    await place(alex, { lane: 'needs', text: '', words: ['reassurance'], authorId: 'alex', talkId: 't1' })
    await place(alex, { lane: 'needs', text: 'Reassurance', authorId: 'alex', talkId: 't2' })
    await place(alex, { lane: 'needs', text: 'more of it', words: ['reassurance', 'honesty'], authorId: 'alex', talkId: 't3' })
    // Near misses are not guessed at.
    await place(alex, { lane: 'needs', text: 'honesty please', authorId: 'alex', talkId: 't1' })
    await place(blair, { lane: 'needs', text: 'reassurance', authorId: 'blair', talkId: 't1' })
    await place(blair, { lane: 'feelings', text: '', words: ['lonely'], authorId: 'blair', talkId: 't2' })
    await place(blair, { lane: 'feelings', text: 'Lonely', authorId: 'blair', talkId: 't3' })

    const found = recurringWords(cards(), talks, await authorships())
    expect(found.of).toBe(3)
    expect(found.notCounted).toBe(0)
    const alexWords = found.people.find((person) => person.personId === 'alex')!.words
    expect(alexWords).toEqual([{ word: 'reassurance', lane: 'needs', talks: 3, of: 3 }])
    expect(describeRecurring(alexWords[0]!)).toBe('reassurance — in 3 of the last 3 talks')
    // Blair's reassurance came up once: not a pattern. Her loneliness came back.
    expect(found.people.find((person) => person.personId === 'blair')!.words).toEqual([
      { word: 'lonely', lane: 'feelings', talks: 2, of: 3 },
    ])
    trust.destroy()
  })

  it('counts a card carried forward in its own talk only, once, and a removed card not at all', async () => {
    const { doc, alex, trust, talks, place, cards, authorships } = await boardOfTwo()
    const first = await place(alex, { lane: 'needs', text: 'reassurance', authorId: 'alex', talkId: 't1' })
    carryForward(doc, { cardId: first, talkId: 't2', byId: 'alex', at: 2100 })
    carryForward(doc, { cardId: first, talkId: 't3', byId: 'alex', at: 3100 })
    expect(recurringWords(cards(), talks, await authorships()).people).toEqual([])

    const removed = await place(alex, { lane: 'needs', text: 'reassurance', authorId: 'alex', talkId: 't2' })
    expect(recurringWords(cards(), talks, await authorships()).people[0]!.words[0]!.talks).toBe(2)
    deleteCard(doc, removed)
    expect(recurringWords(cards(), talks, await authorships()).people).toEqual([])
    trust.destroy()
  })

  it('does not count as someone’s a card whose authorship does not verify, and says how many were left out', async () => {
    const { alex, blair, trust, talks, place, cards, authorships } = await boardOfTwo()
    await place(alex, { lane: 'needs', text: 'reassurance', authorId: 'alex', talkId: 't1' })
    // Blair's device writes two cards in Alex's name: they are not Alex's.
    await place(blair, { lane: 'needs', text: 'reassurance', authorId: 'alex', talkId: 't2' })
    await place(blair, { lane: 'needs', text: 'reassurance', authorId: 'alex', talkId: 't3' })
    const found = recurringWords(cards(), talks, await authorships())
    expect(found.people).toEqual([])
    expect(found.notCounted).toBe(2)
    trust.destroy()
  })

  it('looks at the last six talks only', async () => {
    const { alex, trust, place, cards, authorships } = await boardOfTwo()
    const eight: Talk[] = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ id: `t${n}`, startedAt: n * 1000 }))
    await place(alex, { lane: 'needs', text: 'trust', authorId: 'alex', talkId: 't1' })
    await place(alex, { lane: 'needs', text: 'trust', authorId: 'alex', talkId: 't2' })
    await place(alex, { lane: 'needs', text: 'rest', authorId: 'alex', talkId: 't2' })
    await place(alex, { lane: 'needs', text: 'rest', authorId: 'alex', talkId: 't8' })
    await place(alex, { lane: 'needs', text: 'rest', authorId: 'alex', talkId: 't7' })
    const found = recurringWords(cards(), eight, await authorships())
    expect(found.of).toBe(6)
    expect(found.people[0]!.words).toEqual([{ word: 'rest', lane: 'needs', talks: 2, of: 6 }])
    trust.destroy()
  })

  it('reads picked words as the vocabulary spells them and leaves free words out', () => {
    expect(cardVocabularyWords({ lane: 'feelings', text: 'x', words: ['  HURT ', 'my own word'] })).toEqual(['hurt'])
    expect(cardVocabularyWords({ lane: 'agreements', text: 'reassurance', words: [] })).toEqual([])
  })
})

describe('themes over time', () => {
  it('counts cards per theme and month, a quiet month as 0; taken off, unverified or malformed themes do not count', async () => {
    const { doc, alex, blair, trust, place, cards } = await boardOfTwo()
    const jan = Date.UTC(2027, 0, 15)
    const mar = Date.UTC(2027, 2, 15)
    const give = async (signer: Signer, cardId: string, themeId: ThemeId, byId: string, given = true) => {
      const theme = { themeId, byId, at: 5000, given }
      const claim = await signClaim(signer, BOARD, 'theme', themeClaimFields(cardId, theme))
      doc.transact(() => keepCardTheme(cardsMap(doc).get(cardId)!, { ...theme, claim }))
    }
    const a = await place(alex, { lane: 'needs', text: 'trust', authorId: 'alex', talkId: 't1', createdAt: jan })
    const b = await place(blair, { lane: 'feelings', text: 'hurt', authorId: 'blair', talkId: 't1', createdAt: jan })
    const c = await place(alex, { lane: 'needs', text: 'rest', authorId: 'alex', talkId: 't2', createdAt: mar })
    await give(alex, a, 'past-hurts', 'alex')
    await give(blair, a, 'boundaries', 'blair')
    await give(blair, b, 'past-hurts', 'blair')
    await give(alex, c, 'past-hurts', 'alex')
    await give(alex, c, 'boundaries', 'alex')
    await give(alex, c, 'boundaries', 'alex', false) // taken off again
    await give(alex, c, 'communication', 'blair') // Alex's device, in Blair's name
    const themes = cardsMap(doc).get(c)!.get(CardField.themes) as Y.Map<unknown>
    themes.set('money', { byId: 'alex', at: 1, given: true })
    themes.set('unmet-needs', { byId: 'alex', at: 'soon', given: true })
    expect(readCardThemes(themes).map((theme) => theme.themeId)).toEqual(['communication', 'past-hurts', 'boundaries'])

    const states = new Map<string, string>()
    for (const card of cards())
      for (const theme of card.themes)
        states.set(
          `${card.id} ${theme.themeId}`,
          (await trust.check('theme', themeClaimFields(card.id, theme), theme.claim, theme.byId)).state,
        )
    const over = themesOverTime(
      cards(),
      (card, theme) => (states.get(`${card.id} ${theme.themeId}`) === 'verified' ? 'verified' : 'other'),
      'UTC',
    )
    expect(over.months).toEqual(['2027-01', '2027-02', '2027-03'])
    const row = (id: ThemeId) => over.rows.find((each) => each.themeId === id)!
    expect(row('past-hurts').counts).toEqual([2, 0, 1])
    expect(row('boundaries').counts).toEqual([1, 0, 0])
    expect(row('communication').total).toBe(0)
    expect(over.notCounted).toBe(1)
    trust.destroy()
  })

  it('shows no months before any theme is given', () => {
    expect(themesOverTime([], () => 'verified').months).toEqual([])
  })
})

describe('agreements kept and missed', () => {
  it('tallies counted marks once per talk, leaving out ones seen differently', () => {
    const mark = (talkId: string, cardId: string, personId: string, m: 'kept' | 'missed', at: number): CheckIn => ({
      talkId,
      cardId,
      personId,
      mark: m,
      note: '',
      at,
    })
    const marks = [
      mark('t1', 'late', 'alex', 'missed', 1),
      mark('t1', 'late', 'blair', 'missed', 2),
      mark('t2', 'late', 'alex', 'missed', 3),
      mark('t3', 'late', 'alex', 'kept', 4),
      mark('t1', 'walk', 'alex', 'kept', 5),
      mark('t2', 'walk', 'alex', 'kept', 6),
      mark('t3', 'walk', 'alex', 'kept', 7),
      mark('t3', 'walk', 'blair', 'missed', 8),
    ]
    const { kept, missed } = agreementTallies(marks)
    expect(kept).toEqual([
      { cardId: 'walk', kept: 2, missed: 0 },
      { cardId: 'late', kept: 1, missed: 2 },
    ])
    expect(missed).toEqual([{ cardId: 'late', kept: 1, missed: 2 }])
  })
})
