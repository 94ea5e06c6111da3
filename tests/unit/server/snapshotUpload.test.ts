/** A snapshot arriving in parts: in order, bounded per snapshot and across all uploads held in memory. */
import { describe, expect, it } from 'vitest'
import type { ClientFrame } from '../../../shared/frames.ts'
import { CloseCode, Limits, ProtocolError, SNAPSHOT_PART_BYTES } from '../../../shared/protocol.ts'
import { SnapshotUpload, StagingBudget } from '../../../server/relay/snapshotUpload.ts'

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
    const upload = new SnapshotUpload(begin(2), new StagingBudget(100))
    upload.add(part(0, new Uint8Array(3)))
    expect(upload.complete).toBe(false)
    upload.add(part(1, new Uint8Array(4)))
    expect(upload.complete).toBe(true)
    expect(upload.parts.map((p) => p.byteLength)).toEqual([3, 4])
  })

  it('a part out of order, for another ref, or past the part count is a protocol error', () => {
    const upload = new SnapshotUpload(begin(1), new StagingBudget(100))
    expectClose(() => upload.add(part(1, new Uint8Array(1))), CloseCode.protocolError)
    expectClose(() => upload.add(part(0, new Uint8Array(1), 2)), CloseCode.protocolError)
    upload.add(part(0, new Uint8Array(1)))
    expectClose(() => upload.add(part(1, new Uint8Array(1))), CloseCode.protocolError)
  })

  it('a part count of 0 or more than maxSnapshotBytes could need, or a kept seq it does not cover, is a protocol error', () => {
    const budget = new StagingBudget(100)
    expectClose(() => new SnapshotUpload(begin(0), budget), CloseCode.protocolError)
    expectClose(() => new SnapshotUpload(begin(Math.ceil(Limits.maxSnapshotBytes / SNAPSHOT_PART_BYTES) + 1), budget), CloseCode.protocolError)
    expectClose(() => new SnapshotUpload(begin(1, { coversSeq: 5, keepSeqs: [3, 6] }), budget), CloseCode.protocolError)
    expect(new SnapshotUpload(begin(1, { coversSeq: 5, keepSeqs: [3, 5] }), budget).complete).toBe(false)
  })

  it('a snapshot over maxSnapshotBytes in all is frame-too-large', () => {
    const full = new Uint8Array(SNAPSHOT_PART_BYTES)
    const partCount = Math.ceil(Limits.maxSnapshotBytes / SNAPSHOT_PART_BYTES)
    const upload = new SnapshotUpload(begin(partCount), new StagingBudget(Number.MAX_SAFE_INTEGER))
    for (let index = 0; index < partCount - 1; index++) upload.add(part(index, full))
    expectClose(() => upload.add(part(partCount - 1, full)), CloseCode.frameTooLarge)
  })

  it('parts held across all uploads are bounded by the staging budget (4508), and release gives them back', () => {
    const budget = new StagingBudget(10)
    const first = new SnapshotUpload(begin(2), budget)
    const second = new SnapshotUpload(begin(1), budget)
    first.add(part(0, new Uint8Array(8)))
    expectClose(() => second.add(part(0, new Uint8Array(3))), CloseCode.overloaded)
    first.release()
    first.release() // a second release gives back nothing more
    second.add(part(0, new Uint8Array(10)))
    expect(budget.reserve(1)).toBe(false)
  })
})
