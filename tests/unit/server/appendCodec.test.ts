/** A batch of appends packed for the log's thread comes back as it went, bytes and order alike. */
import { describe, expect, it } from 'vitest'
import { decodeAppendBatch, encodeAppendBatch } from '../../../server/log/appendCodec.ts'
import type { AppendItem } from '../../../server/log/types.ts'

describe('the append batch codec', () => {
  it('round-trips updates and snapshots in order', () => {
    const items: AppendItem[] = [
      { kind: 'update', boardId: 'a'.repeat(22), sealed: new Uint8Array([1, 2, 3]) },
      {
        kind: 'snapshot',
        boardId: 'b'.repeat(22),
        coversSeq: 9,
        carriesChanges: true,
        keepSeqs: [2, 4],
        parts: [new Uint8Array([7]), new Uint8Array(0)],
      },
      { kind: 'update', boardId: 'a'.repeat(22), sealed: new Uint8Array(70_000).fill(5) },
    ]
    const decoded = decodeAppendBatch(encodeAppendBatch(items))
    expect(
      decoded.map((item) =>
        item.kind === 'update' ? { ...item, sealed: [...item.sealed] } : { ...item, parts: item.parts.map((p) => [...p]) },
      ),
    ).toEqual(
      items.map((item) =>
        item.kind === 'update' ? { ...item, sealed: [...item.sealed] } : { ...item, parts: item.parts.map((p) => [...p]) },
      ),
    )
  })

  it('packs only the bytes of each view, not the buffer behind it', () => {
    const readBuffer = new Uint8Array(64 * 1024)
    const sealed = readBuffer.subarray(100, 300)
    expect(encodeAppendBatch([{ kind: 'update', boardId: 'a'.repeat(22), sealed }]).byteLength).toBeLessThan(300)
  })
})
