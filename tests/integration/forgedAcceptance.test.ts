/**
 * Issue 23's attack, with the real server and the app's own sync client in
 * Node: a link holder (Bob, with a script) records Alice's yes to an
 * agreement and her `Kept` check-in — with no claim, with a claim signed by
 * his own key, and with her device's id under a signature that is not hers.
 * On Alice's own device, read by the functions her screen uses over a
 * BoardTrust holding her pins, the agreement is not Agreed on that yes and
 * the trust account does not count that check-in; what she says herself,
 * signed on her device, does count.
 */
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { acceptAgreement, agreementStatus, checkAcceptances } from '../../client/cards/agreements.ts'
import { CardsModel } from '../../client/cards/cardsModel.svelte.ts'
import { markAgreement, readCheckIns } from '../../client/checkIns/checkIns.ts'
import { checkCheckIns, trustAccount, trustTotals, uncountedCheckIns } from '../../client/checkIns/trustAccount.ts'
import type { BoardTrust } from '../../client/core/boardTrust.svelte.ts'
import { cardsMap, readCard, type CardView } from '../../client/core/cardView.ts'
import { signClaim, type StoredClaim } from '../../client/core/claims.ts'
import { registerDevice } from '../../client/core/devices.ts'
import { joinBoard, readPeople } from '../../client/core/people.ts'
import { startTalk } from '../../client/core/talks.ts'
import { CardField, type CheckIn, type Person } from '../../shared/schema.ts'
import { generateSigningKeyPair, signerOf, type Signer } from '../../shared/signing.ts'
import type { ServerClock } from '../../client/sync/serverClock.ts'
import { boardFromLink, createBoard, type TestBoard } from '../kit/boards.ts'
import { trustOnDevice } from '../kit/memoryTrust.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState, type SyncClient } from '../kit/syncClient.ts'
import { until } from '../kit/waits.ts'

const NOW = Date.now()
const alice: Person = { id: 'alice', name: 'Alice', color: '#2f6f8f', role: 'partner', joinedAt: NOW }
const bob: Person = { id: 'bob', name: 'Bob', color: '#8f2f6f', role: 'partner', joinedAt: NOW + 1 }
const PROMISE = 'I will share my phone passcode and location with Bob at all times'

type Device = { client: SyncClient; signer: Signer; trust: BoardTrust }

/** A person's own device: on the board, its key registered, and what it believes (its pins). */
async function deviceOf(server: { wsUrl: string }, board: TestBoard, person: Person): Promise<Device> {
  const client = syncClient(server, board)
  await waitForState(client, 'saved')
  const signer = signerOf(`device-${person.id}`, await generateSigningKeyPair())
  joinBoard(client.doc, person)
  await registerDevice(client.doc, board.boardId, signer, person.id, NOW)
  await waitForState(client, 'saved')
  const trust = trustOnDevice(board.boardId, client.doc, signer)
  return { client, signer, trust }
}

/** Someone with the link and a script: the app's own sync client, a fresh copy, writing once it holds the card, leaving once saved. */
async function asLinkHolder(server: { wsUrl: string }, board: TestBoard, cardId: string, write: (doc: Y.Doc) => void): Promise<void> {
  const holder = syncClient(server, await boardFromLink(board.link))
  try {
    await until(() => cardsMap(holder.doc).has(cardId), 'the board on the link holder’s copy')
    const saving = holder.tracker.whenState('saving')
    write(holder.doc)
    await saving
    await waitForState(holder, 'saved')
  } finally {
    holder.destroy()
  }
}

const card = (doc: Y.Doc, id: string): CardView => readCard(id, cardsMap(doc).get(id))!
const onBoard = (doc: Y.Doc) => new Map(readPeople(doc).map((person) => [person.id, person]))

/** Where the agreement stands on this device, as its screen reads it. */
async function statusOn(device: Device, cardId: string) {
  const { doc } = device.client
  const verdicts = await checkAcceptances(card(doc, cardId), (...claim) => device.trust.check(...claim))
  return agreementStatus(card(doc, cardId), onBoard(doc), verdicts)
}

/** The trust account on this device, as its sheet reads it. */
async function accountOn(device: Device) {
  const { doc } = device.client
  const people = onBoard(doc)
  const isPartner = (personId: string) => people.get(personId)?.role === 'partner'
  const verdicts = await checkCheckIns(readCheckIns(doc), (...claim) => device.trust.check(...claim))
  return {
    totals: trustTotals(trustAccount(readCheckIns(doc), verdicts, isPartner)),
    uncounted: uncountedCheckIns(readCheckIns(doc), verdicts, isPartner).map((entry) => [entry.personId, entry.state]),
  }
}

/** Three ways a link holder can put Alice's name to something: no claim, his own key's claim, her device's id on a signature not hers. */
async function forgeries(board: TestBoard, bobsSigner: Signer, kind: 'accept' | 'check-in', fields: (string | number)[]) {
  const own = await signClaim(bobsSigner, board.boardId, kind, fields)
  return {
    'no claim': null,
    "the link holder's own key": own,
    "her device's id, a signature not hers": { deviceId: 'device-alice', signature: own.signature },
  } satisfies Record<string, StoredClaim | null>
}

describe('a link holder writes in the other partner’s name', () => {
  it('her forged acceptance never makes the agreement Agreed, and her forged Kept is never counted, on her own device', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const alicesPhone = await deviceOf(server, board, alice)
    const bobsPhone = await deviceOf(server, board, bob)
    await until(() => onBoard(alicesPhone.client.doc).size === 2 && onBoard(bobsPhone.client.doc).size === 2)

    // Bob proposes, as the app does: his own yes is signed with his device's key.
    const clock = { now: () => NOW + 10 } as unknown as ServerClock
    const bobsCards = new CardsModel(bobsPhone.client.doc, clock, () => startTalk(bobsPhone.client.doc, NOW), {
      boardId: board.boardId,
      signer: Promise.resolve(bobsPhone.signer),
    })
    const cardId = (await bobsCards.addInNewTalk({ lane: 'agreements', text: PROMISE, authorId: bob.id }))!
    await until(() => card(bobsPhone.client.doc, cardId).agreement!.acceptances.has(bob.id))
    await waitForState(bobsPhone.client, 'saved')
    const talkId = card(bobsPhone.client.doc, cardId).talkId!
    await until(() => readCard(cardId, cardsMap(alicesPhone.client.doc).get(cardId))?.agreement?.acceptances.has(bob.id) === true)
    expect(await statusOn(alicesPhone, cardId)).toMatchObject({ kind: 'proposal', acceptedBy: [bob.id], waitingFor: [alice.id] })

    const accepted = card(bobsPhone.client.doc, cardId)
    const acceptFields = [cardId, accepted.agreement!.revisionId, accepted.text]
    const checkInFields = [talkId, cardId, alice.id, 'kept', '']
    const forgedYes = await forgeries(board, bobsPhone.signer, 'accept', acceptFields)
    const forgedKept = await forgeries(board, bobsPhone.signer, 'check-in', checkInFields)

    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
    const holdsForgery = (doc: Y.Doc, way: keyof typeof forgedYes) => {
      const agreement = readCard(cardId, cardsMap(doc).get(cardId))?.agreement
      const kept = readCheckIns(doc).find((entry) => entry.personId === alice.id)
      return (
        agreement?.acceptedBy.includes(alice.id) === true &&
        same(agreement.acceptances.get(alice.id), forgedYes[way]) &&
        kept !== undefined &&
        same(kept.claim, forgedKept[way])
      )
    }
    for (const way of Object.keys(forgedYes) as (keyof typeof forgedYes)[]) {
      await asLinkHolder(server, board, cardId, (doc) => {
        doc.transact(() => {
          const fields = cardsMap(doc).get(cardId)!
          ;(fields.get(CardField.acceptedBy) as Y.Map<string>).set(alice.id, accepted.agreement!.revisionId)
          const acceptances = fields.get(CardField.acceptances) as Y.Map<StoredClaim>
          const yes = forgedYes[way]
          if (yes === null) acceptances.delete(alice.id)
          else acceptances.set(alice.id, yes)
          const kept: CheckIn = { talkId, cardId, personId: alice.id, mark: 'kept', note: '', at: NOW + 20 }
          const claim = forgedKept[way]
          doc.getMap('checkIns').set(`${talkId}:${cardId}:${alice.id}`, claim === null ? kept : { ...kept, claim })
        })
      })
      for (const phone of [alicesPhone, bobsPhone])
        await until(() => holdsForgery(phone.client.doc, way), `the forgery (${way}) on a phone`)

      const expected = way === 'no claim' ? 'unsigned' : 'not-verified'
      const status = await statusOn(alicesPhone, cardId)
      expect(status.kind, way).toBe('proposal')
      expect(status, way).toMatchObject({ acceptedBy: [bob.id], unverified: [{ personId: alice.id, state: expected }] })
      expect(await accountOn(alicesPhone), way).toEqual({
        totals: { kept: 0, missed: 0, differently: 0 },
        uncounted: [[alice.id, expected]],
      })
      // Bob's own device reads it the same way: a yes he wrote in her name is not hers there either.
      expect((await statusOn(bobsPhone, cardId)).kind, way).toBe('proposal')
    }

    // What Alice says herself, signed on her own phone, is hers: the agreement is Agreed, her Kept counts.
    await acceptAgreement(alicesPhone.client.doc, board.boardId, alicesPhone.signer, cardId, alice.id)
    await markAgreement(
      alicesPhone.client.doc,
      { boardId: board.boardId, signer: alicesPhone.signer },
      { talkId, cardId, personId: alice.id, mark: 'kept', at: NOW + 30 },
    )
    expect(await statusOn(alicesPhone, cardId)).toEqual({ kind: 'agreed', partnerIds: [alice.id, bob.id] })
    expect(await accountOn(alicesPhone)).toEqual({ totals: { kept: 1, missed: 0, differently: 0 }, uncounted: [] })
    await waitForState(alicesPhone.client, 'saved')
    await until(() => readCheckIns(bobsPhone.client.doc).some((entry) => entry.personId === alice.id && entry.at === NOW + 30))
    await until(() => card(bobsPhone.client.doc, cardId).agreement!.acceptances.get(alice.id)?.deviceId === 'device-alice')
    expect((await statusOn(bobsPhone, cardId)).kind).toBe('agreed')
    expect((await accountOn(bobsPhone)).totals.kept).toBe(1)
    alicesPhone.trust.destroy()
    bobsPhone.trust.destroy()
  })
})
