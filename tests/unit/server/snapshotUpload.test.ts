/** A snapshot arriving in parts: in order, bounded per snapshot, per address, per board and across all uploads held in memory, and never held for a stalled sender. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ClientFrame } from '../../../shared/frames.ts'
import { CloseCode, Limits, ProtocolError, SNAPSHOT_PART_BYTES } from '../../../shared/protocol.ts'
import { SnapshotUpload, StagingBudget, type StagingLimits, type StagingOwner } from '../../../server/relay/snapshotUpload.ts'

type Begin = Extract<ClientFrame, { tag: 'beginSnapshot' }>

const begin = (partCount: number, options: Partial<Begin> = {}): Begin => ({
  tag: 'beginSnapshot',
  ref: 1,
  coversSeq: 10,
  partCount,
  carriesChanges: false,
  keepSeqs: [],
  ...options,
})
const part = (index: number, bytes: Uint8Array, ref = 1) => ({ tag: 'snapshotPart' as const, ref, index, bytes })

const alice: StagingOwner = { address: '203.0.113.1', boardId: 'board-a' }
/** A budget of `total` bytes whose shares are the whole of it, unless told. */
const budgetOf = (total: number, shares: Partial<StagingLimits> = {}) =>
  new StagingBudget({ maxStagedSnapshotBytes: total, maxStagedSnapshotBytesPerIp: total, maxStagedSnapshotBytesPerBoard: total, ...shares })
const WAITS_LONG = { stallMs: 60_000, stalled: () => {} }
/** An upload of `partCount` parts from alice that never stalls within a test. */
const uploadOf = (partCount: number, budget: StagingBudget, options: Partial<Begin> = {}, owner = alice) =>
  new SnapshotUpload(begin(partCount, options), budget, owner, WAITS_LONG)

function expectClose(run: () => unknown, closeCode: number): void {
  expect(run).toThrow(ProtocolError)
  try {
    run()
  } catch (error) {
    expect((error as ProtocolError).closeCode).toBe(closeCode)
  }
}

describe('a snapshot upload', () => {
  it('takes its parts in order until it is complete', () => {
    const upload = uploadOf(2, budgetOf(100))
    upload.add(part(0, new Uint8Array(3)))
    expect(upload.complete).toBe(false)
    upload.add(part(1, new Uint8Array(4)))
    expect(upload.complete).toBe(true)
    expect(upload.parts.map((p) => p.byteLength)).toEqual([3, 4])
  })

  it('a part out of order, for another ref, or past the part count is a protocol error', () => {
    const upload = uploadOf(1, budgetOf(100))
    expectClose(() => upload.add(part(1, new Uint8Array(1))), CloseCode.protocolError)
    expectClose(() => upload.add(part(0, new Uint8Array(1), 2)), CloseCode.protocolError)
    upload.add(part(0, new Uint8Array(1)))
    expectClose(() => upload.add(part(1, new Uint8Array(1))), CloseCode.protocolError)
  })

  it('a part count of 0 or more than maxSnapshotBytes could need, or a kept seq it does not cover, is a protocol error', () => {
    const budget = budgetOf(100)
    expectClose(() => uploadOf(0, budget), CloseCode.protocolError)
    expectClose(() => uploadOf(Math.ceil(Limits.maxSnapshotBytes / SNAPSHOT_PART_BYTES) + 1, budget), CloseCode.protocolError)
    expectClose(() => uploadOf(1, budget, { coversSeq: 5, keepSeqs: [3, 6] }), CloseCode.protocolError)
    expect(uploadOf(1, budget, { coversSeq: 5, keepSeqs: [3, 5] }).complete).toBe(false)
  })

  it('a snapshot over maxSnapshotBytes in all is frame-too-large', () => {
    const full = new Uint8Array(SNAPSHOT_PART_BYTES)
    const partCount = Math.ceil(Limits.maxSnapshotBytes / SNAPSHOT_PART_BYTES)
    const upload = uploadOf(partCount, budgetOf(Number.MAX_SAFE_INTEGER))
    for (let index = 0; index < partCount - 1; index++) upload.add(part(index, full))
    expectClose(() => upload.add(part(partCount - 1, full)), CloseCode.frameTooLarge)
  })

  it('parts held across all uploads are bounded by the staging budget (4508), and release gives them back', () => {
    const budget = budgetOf(10)
    const first = uploadOf(2, budget)
    const second = uploadOf(1, budget, {}, { address: '198.51.100.7', boardId: 'board-b' })
    first.add(part(0, new Uint8Array(8)))
    expectClose(() => second.add(part(0, new Uint8Array(3))), CloseCode.overloaded)
    first.release()
    first.release() // a second release gives back nothing more
    second.add(part(0, new Uint8Array(10)))
    expect(budget.reserve(alice, 1)).toBe(false)
  })

  it('one address holds at most its share, on however many boards, and another address’s snapshot still fits', () => {
    const budget = budgetOf(80, { maxStagedSnapshotBytesPerIp: 40 })
    const attacker = (boardId: string) => ({ address: '198.51.100.66', boardId })
    const first = uploadOf(5, budget, {}, attacker('own-1'))
    const second = uploadOf(5, budget, {}, attacker('own-2'))
    first.add(part(0, new Uint8Array(30)))
    expectClose(() => second.add(part(0, new Uint8Array(11))), CloseCode.overloaded)
    second.add(part(0, new Uint8Array(10)))
    // 40 held for the attacker; the other 40 are left for others.
    const someoneElse = uploadOf(1, budget, {}, { address: '203.0.113.9', boardId: 'theirs' })
    someoneElse.add(part(0, new Uint8Array(40)))
    expect(someoneElse.complete).toBe(true)
  })

  it('one board holds at most its share, however many addresses upload to it', () => {
    const budget = budgetOf(100, { maxStagedSnapshotBytesPerBoard: 40 })
    const onBoard = (address: string) => ({ address, boardId: 'busy' })
    uploadOf(2, budget, {}, onBoard('203.0.113.1')).add(part(0, new Uint8Array(25)))
    expectClose(() => uploadOf(2, budget, {}, onBoard('203.0.113.2')).add(part(0, new Uint8Array(25))), CloseCode.overloaded)
    uploadOf(1, budget, {}, { address: '203.0.113.2', boardId: 'quiet' }).add(part(0, new Uint8Array(25)))
  })
})

describe('an upload’s deadline', () => {
  afterEach(() => void vi.useRealTimers())

  it('an upload that waits longer than its deadline for its next part gives its bytes back at once and says it stalled', () => {
    vi.useFakeTimers()
    const budget = budgetOf(10)
    const stalled = vi.fn()
    const upload = new SnapshotUpload(begin(3), budget, alice, { stallMs: 1000, stalled })
    upload.add(part(0, new Uint8Array(6)))
    vi.advanceTimersByTime(999)
    upload.add(part(1, new Uint8Array(2)))
    // Each part starts the wait again: 999 ms after the second part it has not stalled.
    vi.advanceTimersByTime(999)
    expect(stalled).not.toHaveBeenCalled()
    expect(budget.reserve(alice, 3)).toBe(false)
    vi.advanceTimersByTime(1)
    expect(stalled).toHaveBeenCalledOnce()
    expect(upload.parts).toEqual([])
    expect(budget.reserve(alice, 10)).toBe(true)
  })

  it('an upload with no part at all stalls too; a complete or released one never does', () => {
    vi.useFakeTimers()
    const budget = budgetOf(10)
    const stalled = vi.fn()
    new SnapshotUpload(begin(1), budget, alice, { stallMs: 1000, stalled })
    const complete = new SnapshotUpload(begin(1), budget, alice, { stallMs: 1000, stalled })
    complete.add(part(0, new Uint8Array(4)))
    new SnapshotUpload(begin(2), budget, alice, { stallMs: 1000, stalled }).release()
    vi.advanceTimersByTime(5000)
    expect(stalled).toHaveBeenCalledOnce()
    // The complete upload still holds its bytes until it is stored and released.
    expect(budget.reserve(alice, 7)).toBe(false)
  })
})
