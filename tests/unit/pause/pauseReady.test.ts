/**
 * `I'm ready` is signed: a ready under a partner's name that does not verify
 * as theirs, on a device holding real pins, ends the pause for no one —
 * neither a written resumedAt nor the all-ready rule lets it through — and
 * is said apart; the partners' own signed readies resume the talk.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PauseField, type Person } from '../../../shared/schema.ts'
import { generateSigningKeyPair, signerOf, type Signer } from '../../../shared/signing.ts'
import { signClaim } from '../../../client/core/claims.ts'
import type { Verdict } from '../../../client/core/claimCheck.ts'
import { registerDevice } from '../../../client/core/devices.ts'
import { trustOnDevice } from '../../kit/memoryTrust.ts'
import { pauseMap, readPause, readyFields, sayReady, startPause, type VerdictOf } from '../../../client/pause/pause.ts'

const BOARD = 'board-ready'
const T0 = 1_750_000_000_000
const MINUTE = 60_000
const partner = (id: string): Person => ({ id, name: id, color: '#2f6f8f', role: 'partner', joinedAt: 0 })
const people = new Map([partner('alex'), partner('blair')].map((p) => [p.id, p]))

/** A doc with both partners' devices on it, read on Alex's device (its pins in memory), and a pause whose countdown is over. */
async function pausedBoard() {
  const doc = new Y.Doc()
  const alex = signerOf('device-alex', await generateSigningKeyPair())
  const blair = signerOf('device-blair', await generateSigningKeyPair())
  await registerDevice(doc, BOARD, alex, 'alex', T0)
  await registerDevice(doc, BOARD, blair, 'blair', T0)
  const trust = trustOnDevice(BOARD, doc, alex)
  await trust.whenAssessed
  // Node reads verdicts once checked: each claim is checked first, then read as the screen reads it.
  const checked = new Map<string, Verdict>()
  const verdictOf: VerdictOf = (kind, fields, claim, personId) =>
    checked.get(JSON.stringify([kind, fields, claim, personId])) ?? { state: 'checking' }
  const checkAll = async () => {
    const fields = pauseMap(doc).get('current') as Y.Map<unknown>
    const ready = fields.get(PauseField.ready) as Y.Map<number>
    const claims = fields.get(PauseField.readyClaims) as Y.Map<unknown>
    for (const [personId, at] of ready) {
      const args = ['ready', readyFields(fields.get(PauseField.id) as string, personId, at), claims.get(personId), personId] as const
      checked.set(JSON.stringify(args), await trust.check(...args))
    }
  }
  startPause(doc, people, { id: 'p1', minutes: 5, now: T0, talkId: 't', pausedBy: null }, verdictOf)
  const after = T0 + 6 * MINUTE
  const say = (signer: Signer, personId: string) => sayReady(doc, { people, personId, now: () => after, boardId: BOARD, signer, verdictOf })
  return { doc, alex, blair, trust, verdictOf, checkAll, after, say }
}

/** What a link holder writes: Blair's ready (and resumedAt), with no claim, Alex's own key's claim, or Blair's device id on a signature not hers. */
async function forgeBlairsReady(doc: Y.Doc, alex: Signer, way: 'none' | 'own key' | 'her id', at: number) {
  const fields = pauseMap(doc).get('current') as Y.Map<unknown>
  const own = await signClaim(alex, BOARD, 'ready', readyFields('p1', 'blair', T0 + 5 * MINUTE))
  doc.transact(() => {
    ;(fields.get(PauseField.ready) as Y.Map<number>).set('blair', T0 + 5 * MINUTE)
    const claims = fields.get(PauseField.readyClaims) as Y.Map<unknown>
    if (way === 'own key') claims.set('blair', own)
    if (way === 'her id') claims.set('blair', { deviceId: 'device-blair', signature: own.signature })
    fields.set(PauseField.resumedAt, at)
  })
}

describe("a signed I'm ready", () => {
  it('resumes the talk once both partners say it on their own devices', async () => {
    const { doc, alex, blair, verdictOf, checkAll, after, say } = await pausedBoard()
    await say(alex, 'alex')
    await checkAll()
    expect(readPause(doc, people, after, verdictOf)).toMatchObject({ readyIds: ['alex'], waitingIds: ['blair'], unverifiedReady: [] })
    await say(blair, 'blair')
    await checkAll()
    expect(readPause(doc, people, after, verdictOf)).toBeNull()
  })

  for (const way of ['none', 'own key', 'her id'] as const) {
    it(`forged for the other partner (${way}) ends the pause for no one and is said apart`, async () => {
      const { doc, alex, verdictOf, checkAll, after, say } = await pausedBoard()
      await say(alex, 'alex')
      await forgeBlairsReady(doc, alex, way, after)
      await checkAll()
      expect(readPause(doc, people, after, verdictOf)).toMatchObject({
        phase: 'awaitingReady',
        readyIds: ['alex'],
        waitingIds: ['blair'],
        unverifiedReady: [{ personId: 'blair', state: way === 'none' ? 'unsigned' : 'not-verified' }],
      })
    })
  }
})
