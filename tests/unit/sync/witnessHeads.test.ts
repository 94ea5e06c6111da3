import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { BoardWitness } from '../../../client/sync/boardWitness.ts'
import { LogMirror } from '../../../client/sync/logMirror.ts'
import { generateSigningKeyPair, signerOf } from '../../../shared/signing.ts'

afterEach(() => vi.useRealTimers())

describe('the heads a device publishes', () => {
  it('are signed again only when what they say changed', async () => {
    vi.useFakeTimers()
    const doc = new Y.Doc()
    const awareness = new Awareness(doc)
    const signer = signerOf('device-1', await generateSigningKeyPair())
    const sign = vi.spyOn(signer, 'sign')
    const witness = new BoardWitness({
      boardId: 'board',
      doc,
      awareness,
      mirror: new LogMirror(),
      serverNow: () => Date.now(),
      provenance: { signer: Promise.resolve(signer), keyOf: () => ({ personId: 'p1', alg: signer.alg, publicKey: signer.publicKey }) },
      headsEveryMs: 1000,
    })
    const published = () => (awareness.getLocalState()?.heads as { stateVector?: Record<string, number> } | undefined)?.stateVector
    witness.setConnection(() => {})
    await vi.waitFor(() => expect(sign).toHaveBeenCalledTimes(1))

    // Three quiet rounds: the heads say the same, so nothing is signed.
    await vi.advanceTimersByTimeAsync(3500)
    expect(sign).toHaveBeenCalledTimes(1)

    // A change to the board is published in the next heads.
    doc.getMap('cards').set('c1', 'words')
    await vi.advanceTimersByTimeAsync(1000)
    await vi.waitFor(() => expect(published()).toEqual({ [String(doc.clientID)]: 1 }))
    expect(sign).toHaveBeenCalledTimes(2)

    // A reconnect publishes afresh even when nothing changed.
    witness.setConnection(null)
    witness.setConnection(() => {})
    await vi.waitFor(() => expect(sign).toHaveBeenCalledTimes(3))
    witness.destroy()
  })
})
