import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addCard, carryForward } from '../../../client/cards/cards.ts'
import { CardsModel } from '../../../client/cards/cardsModel.svelte.ts'
import { cardsMap, readCard } from '../../../client/core/cardView.ts'
import { carriedForwardMap, readCarriedForward } from '../../../client/core/carriedForward.ts'
import { endTalk, readTalks, startTalk } from '../../../client/core/talks.ts'
import type { ServerClock } from '../../../client/sync/serverClock.ts'

describe('carrying a card forward', () => {
  it('keeps the card in the talk it was said in and notes the later talk, once, with who carried it', () => {
    const doc = new Y.Doc()
    const first = startTalk(doc, 1)
    const id = addCard(doc, { lane: 'feelings', text: 'Left out', authorId: 'maya', createdAt: 2, talkId: first })!
    endTalk(doc, first, 3)
    const second = startTalk(doc, 4)
    carryForward(doc, { cardId: id, talkId: second, byId: 'jordan', at: 5 })
    carryForward(doc, { cardId: id, talkId: second, byId: 'maya', at: 6 })
    expect(readCard(id, cardsMap(doc).get(id))!.talkId).toBe(first)
    expect(readCarriedForward(doc)).toEqual([{ talkId: second, cardId: id, byId: 'jordan', at: 5 }])
    carryForward(doc, { cardId: 'gone', talkId: second, byId: 'maya', at: 7 })
    expect(readCarriedForward(doc)).toHaveLength(1)
  })

  it('reads a malformed or misfiled entry as absent', () => {
    const doc = new Y.Doc()
    carriedForwardMap(doc).set('t:c', { talkId: 't', cardId: 'c', byId: 'm', at: Number.POSITIVE_INFINITY })
    carriedForwardMap(doc).set('elsewhere', { talkId: 't', cardId: 'c', byId: 'm', at: 1 })
    carriedForwardMap(doc).set('t:d', 'd' as never)
    expect(readCarriedForward(doc)).toEqual([])
  })
})

describe('a card placed after a talk ended', () => {
  const clock = { now: () => 10 } as unknown as ServerClock

  it('starts no talk by itself: it goes between talks, unless its author chooses the next talk', async () => {
    const doc = new Y.Doc()
    const first = startTalk(doc, 1)
    endTalk(doc, first, 2)
    let started = 0
    const cards = new CardsModel(
      doc,
      clock,
      () => {
        started++
        return startTalk(doc, 10)
      },
      { boardId: 'b', signer: Promise.resolve(null) },
    )
    const between = (await cards.add({ lane: 'needs', text: 'Rest', authorId: 'maya' }))!
    expect(readCard(between, cardsMap(doc).get(between))!.talkId).toBeNull()
    expect(readTalks(doc)).toHaveLength(1)
    const inNext = (await cards.addInNewTalk({ lane: 'needs', text: 'Time', authorId: 'maya' }))!
    expect(started).toBe(1)
    expect(readTalks(doc)).toHaveLength(2)
    expect(readCard(inNext, cardsMap(doc).get(inNext))!.talkId).toBe(readTalks(doc)[1]!.id)
    // With a talk going on, neither starts another.
    await cards.addInNewTalk({ lane: 'needs', text: 'More time', authorId: 'maya' })
    expect(started).toBe(1)
    cards.destroy()
  })
})
