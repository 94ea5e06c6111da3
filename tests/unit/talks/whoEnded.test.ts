import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { generateSigningKeyPair, signerOf, type Signer } from '../../../shared/signing.ts'
import type { Person } from '../../../shared/schema.ts'
import { registerDevice } from '../../../client/core/devices.ts'
import { readTalks, startTalk } from '../../../client/core/talks.ts'
import type { BoardTrust } from '../../../client/core/boardTrust.svelte.ts'
import { TalksModel } from '../../../client/talks/talksModel.ts'
import { whoEnded } from '../../../client/talks/whoEnded.ts'
import { trustOnDevice } from '../../kit/memoryTrust.ts'

const boardId = 'board-of-talks'
const people = new Map<string, Person>([
  ['maya', { id: 'maya', name: 'Maya', color: '#2f6f8f', role: 'partner', joinedAt: 1 }],
  ['jordan', { id: 'jordan', name: 'Jordan', color: '#8a4f7d', role: 'partner', joinedAt: 2 }],
])
const trusts: BoardTrust[] = []
afterEach(() => trusts.splice(0).forEach((trust) => trust.destroy()))

async function board(): Promise<{ doc: Y.Doc; maya: Signer; jordan: Signer; talks: TalksModel }> {
  const doc = new Y.Doc()
  const maya = signerOf('maya-phone', await generateSigningKeyPair())
  const jordan = signerOf('jordan-phone', await generateSigningKeyPair())
  await registerDevice(doc, boardId, maya, 'maya', 1)
  await registerDevice(doc, boardId, jordan, 'jordan', 2)
  const session = { boardId, doc, clock: { now: () => 5_000 } as never, requestHistoryPoint: async () => {} }
  return { doc, maya, jordan, talks: new TalksModel(session, Promise.resolve(maya)) }
}

async function endedWords(doc: Y.Doc, on: Signer, me: string | null): Promise<string> {
  const trust = trustOnDevice(boardId, doc, on)
  trusts.push(trust)
  await trust.whenAssessed
  const talk = readTalks(doc).at(-1)!
  const verdict = await trust.check('end-talk', [talk.id, talk.endedAt!], talk.endClaim, talk.endedBy ?? null)
  return whoEnded(talk, people, me, () => verdict)
}

describe('who ended a talk', () => {
  it('is named on every device when the ender’s device signed it', async () => {
    const { doc, jordan, talks } = await board()
    const id = startTalk(doc, 1_000)
    await talks.end(id, 'maya')
    expect(await endedWords(doc, jordan, 'jordan')).toBe(' by Maya')
  })

  it('is never named from a bare endedBy or a signature that is not theirs', async () => {
    const { doc, maya, jordan } = await board()
    const id = startTalk(doc, 1_000)
    // Jordan's script ends the talk "as Maya": no claim at all names nobody.
    doc.getMap('talks').set(id, { id, startedAt: 1_000, endedAt: 2_000, endedBy: 'maya' })
    expect(await endedWords(doc, maya, 'maya')).toBe('')
    // Signed by Jordan's own key under Maya's name: said to be unverified, not Maya's.
    const jordans = new TalksModel(
      { boardId, doc, clock: { now: () => 3_000 } as never, requestHistoryPoint: async () => {} },
      Promise.resolve(jordan),
    )
    const second = startTalk(doc, 2_500)
    await jordans.end(second, 'maya')
    expect(await endedWords(doc, maya, 'maya')).toBe(' (who ended it could not be verified)')
  })
})
