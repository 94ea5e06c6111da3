import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { generateSigningKeyPair, signerOf, type Signer } from '../../../shared/signing.ts'
import { BoardTrust, type VerifiedStore } from '../../../client/core/boardTrust.svelte.ts'
import { CHECK_BATCH, CheckQueue } from '../../../client/core/checkQueue.ts'
import { rememberedKey, signatureKey } from '../../../client/core/claimCheck.ts'
import { readClaim, signClaim, type ClaimField, type StoredClaim } from '../../../client/core/claims.ts'
import type { Pins } from '../../../client/core/deviceTrust.ts'
import { registerDevice } from '../../../client/core/devices.ts'

const boardId = 'board-under-test'

async function newSigner(deviceId: string): Promise<Signer> {
  return signerOf(deviceId, await generateSigningKeyPair())
}

/** The device store's `verified` part for one board, in memory, counting its writes. */
function memoryVerifiedStore() {
  const keys = new Set<string>()
  const writes: string[][] = []
  const store: VerifiedStore = {
    load: async () => [...keys],
    save: async (batch) => {
      writes.push([...batch])
      for (const key of batch) keys.add(key)
    },
  }
  return { store, keys, writes }
}

function trustOver(doc: Y.Doc, verified: VerifiedStore): BoardTrust {
  let pins: unknown = null
  return new BoardTrust({
    boardId,
    doc,
    signer: Promise.resolve(null),
    pins: { load: async () => pins, save: async (saved: Pins) => void (pins = saved) },
    linkFingerprint: null,
    verified,
  })
}

const cardFields = (text: string): ClaimField[] => ['card-1', 'alice', 'agreements', text, 1000]

async function aliceOnBoard() {
  const doc = new Y.Doc()
  const alice = await newSigner('alice-phone')
  await registerDevice(doc, boardId, alice, 'alice', 1)
  return { doc, alice }
}

const SUNDAYS = cardFields('We walk on Sundays')

/** Alice's device signed a card; a first open of the board (a BoardTrust over an empty store) has checked nothing yet. */
async function aliceSignedACard() {
  const { doc, alice } = await aliceOnBoard()
  const claim = await signClaim(alice, boardId, 'card', SUNDAYS)
  const remembered = memoryVerifiedStore()
  return { doc, claim, remembered, first: trustOver(doc, remembered.store) }
}

/** A second open over the same store, once it has read what it remembers. */
async function reopened(doc: Y.Doc, store: VerifiedStore): Promise<BoardTrust> {
  const trust = trustOver(doc, store)
  await trust.whenAssessed
  return trust
}

describe('verdicts remembered on the device', () => {
  it('files a verified claim under a key that binds the words, so a signature copied onto other words is checked, and fails', async () => {
    const { doc, claim, remembered, first } = await aliceSignedACard()
    expect(await first.check('card', SUNDAYS, claim, 'alice')).toMatchObject({ state: 'verified' })
    expect(remembered.keys.size).toBe(1)

    // The same signature, copied onto other words: a different key, never found among the remembered ones.
    const device = first.devices.get('alice-phone')!
    const read = readClaim(claim)!
    const copiedKey = rememberedKey(signatureKey(boardId, 'card', cardFields('I share my passcode'), read, device))
    expect(remembered.keys.has(copiedKey)).toBe(false)
    expect(rememberedKey(signatureKey(boardId, 'card', SUNDAYS, read, device))).toBe([...remembered.keys][0])

    const reloaded = await reopened(doc, remembered.store)
    expect(reloaded.verdict('card', cardFields('I share my passcode'), claim, 'alice')).toEqual({ state: 'checking' })
    expect(await reloaded.check('card', cardFields('I share my passcode'), claim, 'alice')).toEqual({ state: 'not-verified' })
  })

  it('does not take a remembered signature for another key’s', async () => {
    const { doc, claim, remembered, first } = await aliceSignedACard()
    await first.check('card', SUNDAYS, claim, 'alice')
    // A link holder puts another key on the board under Alice's device id: the remembered entry named the old key.
    await registerDevice(doc, boardId, await newSigner('alice-phone'), 'alice', 2)
    const reloaded = await reopened(doc, remembered.store)
    expect(reloaded.verdict('card', SUNDAYS, claim, 'alice')).toEqual({ state: 'checking' })
    expect(await reloaded.check('card', SUNDAYS, claim, 'alice')).toEqual({ state: 'not-verified' })
  })

  it('reads a verdict remembered by an earlier open at once, without checking again', async () => {
    const { doc, claim, remembered, first } = await aliceSignedACard()
    await first.whenAssessed
    expect(first.verdict('card', SUNDAYS, claim, 'alice')).toEqual({ state: 'checking' })
    await first.check('card', SUNDAYS, claim, 'alice')
    first.destroy()

    const reloaded = await reopened(doc, remembered.store)
    expect(reloaded.verdict('card', SUNDAYS, claim, 'alice')).toMatchObject({
      state: 'verified',
      personId: 'alice',
    })
    expect(remembered.writes).toHaveLength(1)
  })

  it('remembers a batch of verified claims in one write per batch', async () => {
    const { doc, alice } = await aliceOnBoard()
    const count = CHECK_BATCH * 3 + 5
    const claims: { fields: ClaimField[]; claim: StoredClaim }[] = []
    for (let i = 0; i < count; i++) {
      const fields = cardFields(`card ${i}`)
      claims.push({ fields, claim: await signClaim(alice, boardId, 'card', fields) })
    }
    const remembered = memoryVerifiedStore()
    const trust = trustOver(doc, remembered.store)
    await trust.whenAssessed
    for (const { fields, claim } of claims) expect(trust.verdict('card', fields, claim, 'alice').state).toBe('checking')
    const verdicts = await Promise.all(claims.map(({ fields, claim }) => trust.check('card', fields, claim, 'alice')))
    expect(verdicts.every((verdict) => verdict.state === 'verified')).toBe(true)
    // The first batch is the newest 32; while the queue stays long, each batch is twice the one before.
    expect(remembered.writes.map((batch) => batch.length)).toEqual([CHECK_BATCH, CHECK_BATCH * 2, 5])
  })
})

describe('the check queue', () => {
  it('works newest first, a batch at a time and each twice the one before, reporting once per batch', async () => {
    const batches: string[][] = []
    const queue = new CheckQueue((results) => batches.push([...results.keys()]), 4)
    const done = Array.from({ length: 10 }, (_, i) => queue.request(`claim ${i}`, async () => i % 3 !== 0))
    // Asked again while waiting: checked once.
    void queue.request('claim 9', async () => false)
    const valid = await Promise.all(done)
    expect(batches).toEqual([
      ['claim 9', 'claim 8', 'claim 7', 'claim 6'],
      ['claim 5', 'claim 4', 'claim 3', 'claim 2', 'claim 1', 'claim 0'],
    ])
    expect(valid).toEqual([false, true, true, false, true, true, false, true, true, false])
  })

  it('counts a check that throws as not valid and goes on', async () => {
    const queue = new CheckQueue(() => {}, 2)
    const broken = queue.request('broken', () => Promise.reject(new Error('no such algorithm')))
    const fine = queue.request('fine', async () => true)
    expect(await broken).toBe(false)
    expect(await fine).toBe(true)
  })
})
