/**
 * Issue 23's attack, with the app's own sync client against the real
 * server: someone holding the link writes an agreement card as the other
 * partner. On her own device, read by the rule her screen uses over the
 * keys her device pinned, it never reads as written by her.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { generateSigningKeyPair, signerOf, type Signer } from '../../shared/signing.ts'
import { addCard } from '../../client/cards/cards.ts'
import { checkAuthorship } from '../../client/core/cardAuthorship.ts'
import { signCardText } from '../../client/core/cardClaims.ts'
import { cardsMap, readCard } from '../../client/core/cardView.ts'
import { BoardTrust } from '../../client/core/boardTrust.svelte.ts'
import { devicesMap, registerDevice } from '../../client/core/devices.ts'
import { joinBoard } from '../../client/core/people.ts'
import { createBoard } from '../kit/boards.ts'
import { writeAsLinkHolder } from '../kit/linkHolder.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { until } from '../kit/waits.ts'

const FORGED = 'I will share my phone passcode and location with Bob at all times'

async function newSigner(deviceId: string): Promise<Signer> {
  return signerOf(deviceId, await generateSigningKeyPair())
}

describe('a card written as someone else', () => {
  it('reads on her own device as not verified or as edited by the link holder, never as hers', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const { boardId } = board
    const now = Date.now()

    // Alice's own device: on the board with its key, and an agreement she did write, signed.
    const alice = syncClient(server, board)
    await waitForState(alice, 'saved')
    const alicePhone = await newSigner('alice-phone')
    joinBoard(alice.doc, { id: 'alice', name: 'Alice', color: '#2f6f8f', role: 'partner', joinedAt: now - 2000 })
    joinBoard(alice.doc, { id: 'bob', name: 'Bob', color: '#8a4f7d', role: 'partner', joinedAt: now - 1500 })
    await registerDevice(alice.doc, boardId, alicePhone, 'alice', now - 1000)
    const honest = { id: 'honest', authorId: 'alice', lane: 'agreements' as const, createdAt: now - 500 }
    const honestClaim = await signCardText(alicePhone, boardId, honest, 'We walk on Sundays')
    addCard(alice.doc, { ...honest, text: 'We walk on Sundays', talkId: null }, { id: honest.id, claim: honestClaim })
    await waitForState(alice, 'saved')
    const trust = new BoardTrust({
      boardId,
      doc: alice.doc,
      signer: Promise.resolve(alicePhone),
      pins: { load: async () => null, save: async () => {} },
      linkFingerprint: null,
    })

    // The link holder, Bob, with a key of his own on the board and his own signatures made beforehand.
    const bobPhone = await newSigner('bob-phone')
    const bobsRecord = new Y.Doc()
    await registerDevice(bobsRecord, boardId, bobPhone, 'bob', now - 800)
    const asAlice = (id: string) => ({ id, authorId: 'alice', lane: 'agreements' as const, createdAt: now })
    const signedByBob = await signCardText(bobPhone, boardId, asAlice('signed-by-bob'), FORGED)
    const bobAsAlicePhone = await signCardText(bobPhone, boardId, asAlice('as-alice-phone'), FORGED)
    await writeAsLinkHolder(server.url, board.link, (doc) => {
      devicesMap(doc).set('bob-phone', devicesMap(bobsRecord).get('bob-phone'))
      addCard(doc, { ...asAlice('unsigned'), text: FORGED, talkId: null }, { id: 'unsigned', claim: null })
      addCard(doc, { ...asAlice('signed-by-bob'), text: FORGED, talkId: null }, { id: 'signed-by-bob', claim: signedByBob })
      // Bob's signature kept as if Alice's phone had made it.
      addCard(
        doc,
        { ...asAlice('as-alice-phone'), text: FORGED, talkId: null },
        { id: 'as-alice-phone', claim: { ...bobAsAlicePhone, deviceId: 'alice-phone' } },
      )
    })
    await until(() => cardsMap(alice.doc).size === 4 && devicesMap(alice.doc).has('bob-phone'), { what: 'the forged cards on her device' })

    const authorship = (id: string) => checkAuthorship(trust, readCard(id, cardsMap(alice.doc).get(id))!)
    expect(await authorship('honest')).toEqual({ kind: 'author' })
    expect(await authorship('unsigned')).toEqual({ kind: 'not-verified' })
    expect(await authorship('signed-by-bob')).toEqual({ kind: 'edited', byIds: ['bob'] })
    expect(await authorship('as-alice-phone')).toEqual({ kind: 'not-verified' })
    trust.destroy()
  })
})
