/** A replay's frames (docs/design.md "The wire"): the updates go many to a frame, and no frame is over the limit. */
import { describe, expect, it } from 'vitest'
import { encodeServerFrame } from '../../../shared/frames.ts'
import { Limits, MAX_SERVER_FRAME_BYTES } from '../../../shared/protocol.ts'
import { entriesFrames, snapshotFrames } from '../../../server/relay/entryFrames.ts'

const update = (seq: number, bytes: number) => ({ seq, sealed: new Uint8Array(bytes).fill(seq % 251) })

describe('replay frames', () => {
  it('put two thousand small updates in one frame, in seq order', () => {
    const updates = Array.from({ length: 2000 }, (_, i) => update(i + 1, 150))
    const frames = entriesFrames(updates)
    expect(frames).toHaveLength(1)
    expect(frames[0]).toMatchObject({ tag: 'entries' })
    expect((frames[0] as { entries: { seq: number }[] }).entries.map((e) => e.seq)).toEqual(updates.map((u) => u.seq))
  })

  it('start a new frame before one would pass the frame limit, and carry a lone update of nearly a frame', () => {
    const big = Limits.maxFrameBytes - 100
    const updates = [update(1, 400_000), update(2, 400_000), update(3, 400_000), update(4, big), update(5, 200)]
    const frames = entriesFrames(updates)
    expect(frames.map((f) => (f.tag === 'entries' ? f.entries.map((e) => e.seq) : []))).toEqual([[1, 2], [3], [4], [5]])
    for (const frame of frames) expect(encodeServerFrame(frame).byteLength).toBeLessThanOrEqual(MAX_SERVER_FRAME_BYTES)
  })

  it('carry a snapshot as its parts, numbered, or as a notice when its content is not sent', () => {
    const parts = snapshotFrames(9, 8, [new Uint8Array(3), new Uint8Array(2)])
    expect(parts.map((f) => (f.tag === 'snapshotPart' ? `${f.index}/${f.partCount}` : f.tag))).toEqual(['0/2', '1/2'])
    expect(snapshotFrames(9, 8, null)).toEqual([{ tag: 'snapshotStored', seq: 9, coversSeq: 8 }])
  })
})
