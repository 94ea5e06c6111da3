import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { generateSigningKeyPair, signerOf, type Signer } from '../../../shared/signing.ts'
import { CardsModel } from '../../../client/cards/cardsModel.svelte.ts'
import { addCard } from '../../../client/cards/cards.ts'
import { BoardTrust } from '../../../client/core/boardTrust.svelte.ts'
import {
  authorshipLine,
  cardAuthorship,
  checkAuthorship,
  isMergeOf,
  printedAuthor,
  type Authorship,
  type ClaimReading,
} from '../../../client/core/cardAuthorship.ts'
import { keepCardClaim, signCardText } from '../../../client/core/cardClaims.ts'
import { cardsMap, readCard } from '../../../client/core/cardView.ts'
import { registerDevice } from '../../../client/core/devices.ts'
import type { ServerClock } from '../../../client/sync/serverClock.ts'
import { until } from '../../kit/waits.ts'

const boardId = 'board-under-test'
const clock = { now: () => 1_000 } as unknown as ServerClock
const names: Record<string, string> = { alex: 'Alex', sam: 'Sam' }
const nameOf = (id: string) => names[id] ?? 'someone'

async function newSigner(deviceId: string): Promise<Signer> {
  return signerOf(deviceId, await generateSigningKeyPair())
}

/** A board with Alex's and Sam's phones on it, and the trust of the device `own`. */
async function board(own: 'alex-phone' | 'sam-phone' = 'alex-phone') {
  const doc = new Y.Doc()
  const alex = await newSigner('alex-phone')
  const sam = await newSigner('sam-phone')
  await registerDevice(doc, boardId, alex, 'alex', 10)
  await registerDevice(doc, boardId, sam, 'sam', 20)
  const trust = new BoardTrust({
    boardId,
    doc,
    signer: Promise.resolve(own === 'alex-phone' ? alex : sam),
    pins: { load: async () => null, save: async () => {} },
    linkFingerprint: null,
  })
  const authorship = (id: string) => checkAuthorship(trust, readCard(id, cardsMap(doc).get(id))!)
  return { doc, alex, sam, trust, authorship }
}

const card = { id: 'c1', authorId: 'alex', lane: 'needs', createdAt: 100, text: 'Time to talk' }
const reading = (personId: string, text: string, state: 'verified' | 'unconfirmed' | 'checking' | 'not-verified'): ClaimReading => ({
  claim: { deviceId: `${personId}-phone`, stored: { deviceId: `${personId}-phone`, signature: 'x' }, text },
  verdict:
    state === 'verified' || state === 'unconfirmed'
      ? { state, personId, deviceId: `${personId}-phone` }
      : state === 'checking'
        ? { state: 'checking' }
        : { state: 'not-verified' },
})

describe('whose words a card holds', () => {
  it('follows the believed claims over the words as they are now', () => {
    const rule = (readings: ClaimReading[], authorSignedThen = true) => cardAuthorship({ card, readings, authorSignedThen })
    expect(rule([], false)).toEqual({ kind: 'unsigned' })
    // After the author's device signs all it writes, a card of theirs with no claim is not from it.
    expect(rule([])).toEqual({ kind: 'not-verified' })
    expect(rule([reading('alex', card.text, 'checking')])).toEqual({ kind: 'checking' })
    expect(rule([reading('alex', card.text, 'verified')])).toEqual({ kind: 'author' })
    expect(rule([reading('alex', 'Earlier words', 'verified'), reading('sam', card.text, 'verified')])).toEqual({
      kind: 'edited',
      byIds: ['sam'],
    })
    // The author's own later words win over an older edit.
    expect(rule([reading('sam', 'Earlier words', 'verified'), reading('alex', card.text, 'verified')])).toEqual({ kind: 'author' })
    expect(rule([reading('alex', card.text, 'unconfirmed')])).toEqual({ kind: 'unconfirmed', personId: 'alex' })
    expect(rule([reading('alex', card.text, 'not-verified')])).toEqual({ kind: 'not-verified' })
    // Believed claims over other words say nothing of these.
    expect(rule([reading('alex', 'Something else', 'verified')])).toEqual({ kind: 'not-verified' })
  })

  it('names both people when the words are their two edits made at once', () => {
    const alexs = 'We talk on Sundays and Wednesdays after dinner'
    const sams = 'We talk on Sundays after a walk'
    const merged = 'We talk on Sundays and Wednesdays after a walk'
    expect(isMergeOf(alexs, sams, merged)).toBe(true)
    expect(isMergeOf(sams, alexs, merged)).toBe(true)
    // Words neither wrote, or a change neither made, are no one's.
    expect(isMergeOf(alexs, sams, 'We never talk')).toBe(false)
    expect(isMergeOf(alexs, sams, 'We talk on Sundays and Wednesdays after a long walk')).toBe(false)
    expect(isMergeOf(alexs, alexs, alexs)).toBe(false)
    expect(isMergeOf('I will not share my passcode', 'I will not share my passcode.', 'I will share my passcode.')).toBe(false)
    const together = cardAuthorship({
      card: { ...card, text: merged },
      readings: [reading('alex', alexs, 'verified'), reading('sam', sams, 'verified')],
      authorSignedThen: true,
    })
    expect(together).toEqual({ kind: 'edited', byIds: ['alex', 'sam'] })
    expect(authorshipLine(together, nameOf)).toBe('Edited by Alex and Sam')
  })

  it('says it in one quiet line, and never prints unverified words as the author’s', () => {
    const lines: [Authorship, string | null, string][] = [
      [{ kind: 'checking' }, null, 'Not checked yet'],
      [{ kind: 'author' }, null, 'Alex'],
      [{ kind: 'edited', byIds: ['sam'] }, 'Edited by Sam', 'Alex’s card, edited by Sam'],
      [{ kind: 'unsigned' }, 'Written before signing', 'Alex (written before signing)'],
      [
        { kind: 'unconfirmed', personId: 'alex' },
        'From a device of Alex’s that is not confirmed yet',
        'From a device of Alex’s that is not confirmed yet',
      ],
      [{ kind: 'not-verified' }, 'Could not be verified. Check together to see why.', 'Could not be verified'],
    ]
    for (const [authorship, line, printed] of lines) {
      expect(authorshipLine(authorship, nameOf)).toBe(line)
      expect(printedAuthor(authorship, 'alex', nameOf)).toBe(printed)
    }
  })
})

describe('signing the words a device leaves', () => {
  it('signs a card as it is placed, an edit as it is saved, and what an undo leaves', async () => {
    const { doc, alex, sam, authorship } = await board()
    const alexs = new CardsModel(doc, clock, () => 't', { boardId, signer: Promise.resolve(alex) })
    const id = (await alexs.add({ lane: 'agreements', text: 'We walk on Sundays', authorId: 'alex' }))!
    await until(() => cardsMap(doc).has(id), 'the signed card')
    expect(await authorship(id)).toEqual({ kind: 'author' })

    const sams = new CardsModel(doc, clock, () => 't', { boardId, signer: Promise.resolve(sam) })
    expect(sams.beginEdit(id)!.save({ text: 'We walk on Sundays and Fridays' }, 'sam')).toBe('saved')
    await until(() => readCard(id, cardsMap(doc).get(id))?.text === 'We walk on Sundays and Fridays', 'the edit')
    expect(await authorship(id)).toEqual({ kind: 'edited', byIds: ['sam'] })

    // Undo takes the edit back with its claim: the words are Alex's again.
    sams.undo()
    await until(async () => (await authorship(id)).kind === 'author', 'the words back as Alex’s')
    expect(readCard(id, cardsMap(doc).get(id))!.text).toBe('We walk on Sundays')
  })

  it('reads a card written as Alex without Alex’s signature as not Alex’s', async () => {
    const { doc, sam, authorship } = await board()
    addCard(doc, { lane: 'needs', text: 'Unsigned', authorId: 'alex', createdAt: 100, talkId: null }, { id: 'unsigned', claim: null })
    const forged = { id: 'by-sam', authorId: 'alex', lane: 'needs', createdAt: 100 }
    const claim = await signCardText(sam, boardId, forged, 'Signed by Sam')
    addCard(doc, { ...forged, lane: 'needs', text: 'Signed by Sam', talkId: null }, { id: 'by-sam', claim })
    // Sam's signature kept under Alex's phone does not pass for Alex's.
    addCard(
      doc,
      { ...forged, lane: 'needs', text: 'Signed by Sam', talkId: null },
      { id: 'as-alex', claim: { ...claim, deviceId: 'alex-phone' } },
    )
    // A card from before Alex's phone signed anything.
    addCard(doc, { lane: 'needs', text: 'Old words', authorId: 'alex', createdAt: 5, talkId: null }, { id: 'old', claim: null })
    expect(await authorship('unsigned')).toEqual({ kind: 'not-verified' })
    expect(await authorship('by-sam')).toEqual({ kind: 'edited', byIds: ['sam'] })
    expect(await authorship('as-alex')).toEqual({ kind: 'not-verified' })
    expect(await authorship('old')).toEqual({ kind: 'unsigned' })
  })

  it('names both when two devices edit one card at once', async () => {
    const { doc, alex, sam, authorship } = await board()
    const alexs = new CardsModel(doc, clock, () => 't', { boardId, signer: Promise.resolve(alex) })
    const id = (await alexs.add({ lane: 'agreements', text: 'We talk on Sundays after dinner', authorId: 'alex' }))!
    await until(() => cardsMap(doc).has(id), 'the signed card')
    // Sam's device, offline, edits its own copy while Alex edits hers.
    const samsDoc = new Y.Doc()
    Y.applyUpdate(samsDoc, Y.encodeStateAsUpdate(doc))
    const sams = new CardsModel(samsDoc, clock, () => 't', { boardId, signer: Promise.resolve(sam) })
    sams.beginEdit(id)!.save({ text: 'We talk on Sundays after a walk' }, 'sam')
    alexs.beginEdit(id)!.save({ text: 'We talk on Sundays and Wednesdays after dinner' }, 'alex')
    await until(() => readCard(id, cardsMap(samsDoc).get(id))?.text === 'We talk on Sundays after a walk', 'Sam’s edit')
    await until(() => readCard(id, cardsMap(doc).get(id))?.text.includes('Wednesdays'), 'Alex’s edit')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(samsDoc))
    expect(readCard(id, cardsMap(doc).get(id))!.text).toBe('We talk on Sundays and Wednesdays after a walk')
    expect(await authorship(id)).toEqual({ kind: 'edited', byIds: ['alex', 'sam'] })
    // A claim kept under another device's key is not read.
    keepCardClaim(cardsMap(doc).get(id)!, { deviceId: 'x', signature: 'AAAA', text: 'x' })
    expect(
      readCard(id, cardsMap(doc).get(id))!
        .claims.map((claim) => claim.deviceId)
        .sort(),
    ).toEqual(['alex-phone', 'sam-phone', 'x'])
  })
})

describe('printed copies', () => {
  it('never print a card its signatures do not bear out as its author’s', async () => {
    const { boardAsMarkdown } = await import('../../../client/safety/boardMarkdown.ts')
    const { summarizeTalk } = await import('../../../client/talks/talkSummary.ts')
    const doc = new Y.Doc()
    addCard(
      doc,
      { lane: 'agreements', text: 'I share my passcode', authorId: 'alex', createdAt: 100, talkId: 't1' },
      { id: 'f', claim: null },
    )
    const forged = readCard('f', cardsMap(doc).get('f'))!
    const people = new Map([['alex', { id: 'alex', name: 'Alex', color: '#2f6f8f', role: 'partner' as const, joinedAt: 0 }]])
    const board = {
      people,
      talks: [{ id: 't1', startedAt: 50 }],
      carriedForward: [],
      cardsIn: (lane: string) => (lane === 'agreements' ? [forged] : []),
      talkNumber: () => 1,
    }
    const notVerified = (): Authorship => ({ kind: 'not-verified' })
    const copy = boardAsMarkdown(board, 'Ours', 200, undefined, notVerified)
    expect(copy).toContain('— Could not be verified,')
    expect(copy).not.toContain('— Alex,')
    const summary = summarizeTalk(board, 't1', { pauses: [], checkIns: [], authorshipOf: notVerified })!
    expect(summary.agreements[0]!.by).toBe('Could not be verified')
  })
})

describe('a signed card removed by someone else', () => {
  it('is named, by whom when the sender is known, and can be put back as it was; its author removing it is not', async () => {
    const { RemovedCards } = await import('../../../client/cards/removedCards.svelte.ts')
    const { deleteCard } = await import('../../../client/cards/cards.ts')
    const { doc, alex, trust, authorship } = await board('sam-phone')
    const lee = await newSigner('lee-phone')
    await registerDevice(doc, boardId, lee, 'lee', 30)
    const alexs = new CardsModel(doc, clock, () => 't', { boardId, signer: Promise.resolve(alex) })
    const first = (await alexs.add({ lane: 'needs', text: 'To be asked first', authorId: 'alex' }))!
    const second = (await alexs.add({ lane: 'needs', text: 'Time alone', authorId: 'alex' }))!
    await until(() => cardsMap(doc).has(first) && cardsMap(doc).has(second), 'the signed cards')
    expect(await authorship(first)).toEqual({ kind: 'author' })
    expect(await authorship(second)).toEqual({ kind: 'author' })

    let sender: string | null = null
    const removed = new RemovedCards(doc, { senderOfChange: () => sender, trust })
    // Changes from elsewhere arrive as updates, not as this device's own transactions.
    const elsewhere = (write: (other: Y.Doc) => void) => {
      const other = new Y.Doc()
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
      const before = Y.encodeStateVector(other)
      write(other)
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, before), 'provider')
    }
    sender = 'alex-phone'
    elsewhere((other) => deleteCard(other, second))
    expect(removed.removed).toEqual([])

    sender = 'lee-phone'
    elsewhere((other) => deleteCard(other, first))
    expect(removed.removed).toMatchObject([{ cardId: first, authorId: 'alex', text: 'To be asked first', removedById: 'lee' }])
    removed.putBack(removed.removed[0]!.key)
    expect(removed.removed).toEqual([])
    expect(await authorship(first)).toEqual({ kind: 'author' })

    sender = null
    elsewhere((other) => deleteCard(other, first))
    expect(removed.removed).toMatchObject([{ cardId: first, removedById: null }])
    removed.destroy()
  })
})

describe('after a restore', () => {
  it('signs the restored words no claim covers, and leaves the rest as they were', async () => {
    const { doc, alex, sam, authorship } = await board()
    addCard(doc, { lane: 'needs', text: 'Old words', authorId: 'alex', createdAt: 5, talkId: null }, { id: 'old', claim: null })
    const card = { id: 'mixed', authorId: 'alex', lane: 'needs', createdAt: 100 }
    const claim = await signCardText(alex, boardId, card, 'Alex wrote this')
    addCard(doc, { ...card, lane: 'needs', text: 'Restored between two edits', talkId: null }, { id: 'mixed', claim })
    const sams = new CardsModel(doc, clock, () => 't', { boardId, signer: Promise.resolve(sam) })
    sams.signWhereUncovered()
    await until(async () => (await authorship('mixed')).kind === 'edited', 'the restorer’s signature')
    expect(await authorship('mixed')).toEqual({ kind: 'edited', byIds: ['sam'] })
    expect(await authorship('old')).toEqual({ kind: 'unsigned' })
  })
})
