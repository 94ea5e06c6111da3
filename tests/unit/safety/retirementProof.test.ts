import { describe, expect, it } from 'vitest'
import type { Verdict } from '../../../client/core/claimCheck.ts'
import { proveRetirement } from '../../../client/safety/retirementProof.ts'

const at = Date.UTC(2026, 0, 7, 18, 41)
const note = { v: 2, kind: 'deleted', by: 'p-alex', name: 'Alex', at, claim: { deviceId: 'd-alex', signature: 'AAAA' } }

/** A check that answers `verdict`, and records what it was asked. */
function trustAnswering(verdict: Verdict) {
  const asked: unknown[] = []
  return {
    asked,
    check: async (...args: unknown[]) => {
      asked.push(args)
      return verdict
    },
  }
}

describe('proof of a deletion or move', () => {
  it('is the retire claim over the board, the reason and the time, by a believed device of the person the note names', async () => {
    const trust = trustAnswering({ state: 'verified', personId: 'p-alex', deviceId: 'd-alex' })
    expect(await proveRetirement(trust, 'b1', 'deleted', note, () => 'Alex R.')).toEqual({
      state: 'signed',
      personId: 'p-alex',
      by: { name: 'Alex R.', at },
    })
    expect(trust.asked).toEqual([['retire', ['b1', 'deleted', at], note.claim, 'p-alex']])
  })

  it('is nothing on the server’s word alone, on an unsigned note, or one that does not verify or comes from a device not yet confirmed', async () => {
    const verified = trustAnswering({ state: 'verified', personId: 'p-alex', deviceId: 'd-alex' })
    expect(await proveRetirement(verified, 'b1', 'deleted', null, () => null)).toEqual({ state: 'unproven', said: null })
    expect((await proveRetirement(verified, 'b1', 'moved', note, () => null)).state).toBe('unproven')
    expect((await proveRetirement(verified, 'b1', 'deleted', { ...note, by: undefined }, () => null)).state).toBe('unproven')
    for (const verdict of [
      { state: 'unsigned' },
      { state: 'not-verified' },
      { state: 'unconfirmed', personId: 'p-alex', deviceId: 'd-alex' },
    ] as Verdict[]) {
      const proof = await proveRetirement(trustAnswering(verdict), 'b1', 'deleted', note, () => 'Alex')
      expect(proof).toMatchObject({ state: 'unproven', said: { name: 'Alex', personId: 'p-alex' } })
    }
  })
})
