/**
 * A batch of appends as one buffer, for the trip to the log's thread.
 * Structured clone copies the whole ArrayBuffer behind every Uint8Array it
 * is given, and a frame read from a socket is a view into a 64 KiB read
 * buffer: posting the items as they are copied that much per update. Packed
 * into one buffer and transferred, a batch costs one copy of its own bytes.
 *
 * Layout: [count] then per item [kind: 0 update, 1 snapshot][boardId: varString]
 *   update:   [sealed: varUint8Array]
 *   snapshot: [coversSeq][carriesChanges: 0|1][keepCount][keepSeq]…[partCount][part: varUint8Array]…
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { AppendItem } from './types.ts'

export function encodeAppendBatch(items: readonly AppendItem[]): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, items.length)
  for (const item of items) {
    encoding.writeVarUint(encoder, item.kind === 'update' ? 0 : 1)
    encoding.writeVarString(encoder, item.boardId)
    if (item.kind === 'update') {
      encoding.writeVarUint8Array(encoder, item.sealed)
      continue
    }
    encoding.writeVarUint(encoder, item.coversSeq)
    encoding.writeVarUint(encoder, item.carriesChanges ? 1 : 0)
    encoding.writeVarUint(encoder, item.keepSeqs.length)
    for (const seq of item.keepSeqs) encoding.writeVarUint(encoder, seq)
    encoding.writeVarUint(encoder, item.parts.length)
    for (const part of item.parts) encoding.writeVarUint8Array(encoder, part)
  }
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>
}

/** The items again; their bytes are views into `bytes`, not copies. */
export function decodeAppendBatch(bytes: Uint8Array): AppendItem[] {
  const decoder = decoding.createDecoder(bytes)
  const count = decoding.readVarUint(decoder)
  const items: AppendItem[] = []
  for (let i = 0; i < count; i++) {
    const kind = decoding.readVarUint(decoder)
    const boardId = decoding.readVarString(decoder)
    if (kind === 0) {
      items.push({ kind: 'update', boardId, sealed: decoding.readVarUint8Array(decoder) })
      continue
    }
    const coversSeq = decoding.readVarUint(decoder)
    const carriesChanges = decoding.readVarUint(decoder) === 1
    const keepSeqs = Array.from({ length: decoding.readVarUint(decoder) }, () => decoding.readVarUint(decoder))
    const parts = Array.from({ length: decoding.readVarUint(decoder) }, () => decoding.readVarUint8Array(decoder))
    items.push({ kind: 'snapshot', boardId, coversSeq, carriesChanges, keepSeqs, parts })
  }
  return items
}
