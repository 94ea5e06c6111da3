import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { recordAcceptance } from '../../../client/cards/agreements.ts'
import { CardsModel } from '../../../client/cards/cardsModel.svelte.ts'
import type { BoardTrust } from '../../../client/core/boardTrust.svelte.ts'
import { cardsMap, readCard } from '../../../client/core/cardView.ts'
import { registerDevice } from '../../../client/core/devices.ts'
import { verifiedYeses } from '../../../client/core/verifiedYeses.ts'
import { boardAsMarkdown } from '../../../client/safety/boardMarkdown.ts'
import type { ServerClock } from '../../../client/sync/serverClock.ts'
import { generateSigningKeyPair, signerOf } from '../../../shared/signing.ts'
import { trustOnDevice } from '../../kit/memoryTrust.ts'

const boardId = 'board-of-yeses'
const clock = { now: () => 1_000 } as ServerClock
const trusts: BoardTrust[] = []
afterEach(() => trusts.splice(0).forEach((trust) => trust.destroy()))

describe('the yeses a printed copy lists', () => {
  it('are only those that verify as each person’s own: a yes written in her name is left out', async () => {
    const doc = new Y.Doc()
    const alex = signerOf('alex-phone', await generateSigningKeyPair())
    const sam = signerOf('sam-phone', await generateSigningKeyPair())
    await registerDevice(doc, boardId, alex, 'alex', 1)
    await registerDevice(doc, boardId, sam, 'sam', 2)
    const id = (await new CardsModel(doc, clock, () => 't', { boardId, signer: Promise.resolve(alex) }).add({
      lane: 'agreements',
      text: 'We walk on Sundays',
      authorId: 'alex',
    }))!
    // Someone with the link records Sam's yes without Sam's signature.
    const fields = cardsMap(doc).get(id) as Y.Map<unknown>
    doc.transact(() => recordAcceptance(fields, 'sam', readCard(id, fields)!.agreement!.revisionId))
    const trust = trustOnDevice(boardId, doc, sam)
    trusts.push(trust)
    await trust.whenAssessed
    const card = readCard(id, cardsMap(doc).get(id))!
    await trust.check('accept', [card.id, card.agreement!.revisionId, card.text], card.agreement!.acceptances.get('alex'), 'alex')
    expect(card.agreement!.acceptedBy.sort()).toEqual(['alex', 'sam'])
    expect(verifiedYeses(trust, card)).toEqual(['alex'])

    const people = new Map([
      ['alex', { id: 'alex', name: 'Alex', color: '#2f6f8f', role: 'partner' as const, joinedAt: 1 }],
      ['sam', { id: 'sam', name: 'Sam', color: '#8a4f7d', role: 'partner' as const, joinedAt: 2 }],
    ])
    const board = {
      people,
      talks: [],
      carriedForward: [],
      cardsIn: (lane: string) => (lane === 'agreements' ? [card] : []),
      talkNumber: () => null,
    }
    const copy = boardAsMarkdown(board, 'Ours', 2_000, undefined, undefined, (each) => verifiedYeses(trust, each))
    expect(copy).toContain('Accepted by: Alex\n')
    expect(copy).not.toMatch(/Accepted by: .*Sam/)
  })
})
