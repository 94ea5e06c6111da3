import { describe, expect, it } from 'vitest'
import { encodeClientFrame } from '../../../shared/frames.ts'
import { ClientLimits } from '../../../client/sync/clientLimits.ts'
import { Limits, SNAPSHOT_PART_BYTES } from '../../../shared/protocol.ts'
import { crossedThreshold, snapshotDue, snapshotPartFrames } from '../../../client/sync/snapshotPoster.ts'

const updates = (count: number) => ({ updates: count, bytes: 0 })
const bytes = (count: number) => ({ updates: 0, bytes: count })

describe('the snapshot policy', () => {
  it('counts as crossing only the change that takes the tail past a threshold', () => {
    const threshold = ClientLimits.snapshotAfterUpdates
    expect(crossedThreshold(updates(threshold - 1), updates(threshold))).toBe(true)
    expect(crossedThreshold(updates(threshold), updates(threshold + 1))).toBe(false)
    expect(crossedThreshold(updates(threshold - 2), updates(threshold - 1))).toBe(false)
    expect(crossedThreshold(bytes(ClientLimits.snapshotAfterBytes - 1), bytes(ClientLimits.snapshotAfterBytes + 500))).toBe(true)
    expect(crossedThreshold(bytes(ClientLimits.snapshotAfterBytes), bytes(ClientLimits.snapshotAfterBytes + 500))).toBe(false)
  })

  it('is due for the crossing device, and for any device once the tail is half as long again', () => {
    expect(snapshotDue(updates(ClientLimits.snapshotAfterUpdates), true)).toBe(true)
    expect(snapshotDue(updates(ClientLimits.snapshotAfterUpdates * 1.5 - 1), false)).toBe(false)
    expect(snapshotDue(updates(ClientLimits.snapshotAfterUpdates * 1.5), false)).toBe(true)
    expect(snapshotDue(bytes(ClientLimits.snapshotAfterBytes * 1.5), false)).toBe(true)
  })
})

describe('snapshot parts', () => {
  it('splits a sealed snapshot into parts whose frames fit the frame limit, and that join back to it', () => {
    const sealed = new Uint8Array(2 * SNAPSHOT_PART_BYTES + 5).map((_, i) => i % 251)
    const frames = snapshotPartFrames(7, sealed)
    expect(frames.map((frame) => [frame.ref, frame.index])).toEqual([
      [7, 0],
      [7, 1],
      [7, 2],
    ])
    for (const frame of frames) expect(encodeClientFrame(frame).byteLength).toBeLessThanOrEqual(Limits.maxFrameBytes)
    const joined = new Uint8Array(frames.reduce((sum, frame) => sum + frame.bytes.byteLength, 0))
    let offset = 0
    for (const frame of frames) {
      joined.set(frame.bytes, offset)
      offset += frame.bytes.byteLength
    }
    // Compared as Buffers: a deep equal over 2 MB is slow.
    expect(Buffer.from(joined).equals(Buffer.from(sealed))).toBe(true)
  })

  it('sends a snapshot that fills one part exactly as one part', () => {
    expect(snapshotPartFrames(1, new Uint8Array(SNAPSHOT_PART_BYTES))).toHaveLength(1)
    expect(snapshotPartFrames(1, new Uint8Array(10))).toHaveLength(1)
  })
})
