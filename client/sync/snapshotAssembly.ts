/**
 * A snapshot arrives from the server in parts (a board may be larger than
 * one frame); this joins them. Parts come in order, one snapshot at a time,
 * because the server sends each socket its frames in order.
 */
import type { ServerFrame } from '../../shared/frames.ts'
import { CloseCode, ProtocolError } from '../../shared/protocol.ts'

type Part = Extract<ServerFrame, { tag: 'snapshotPart' }>
export type AssembledSnapshot = { seq: number; coversSeq: number; sealed: Uint8Array }

export class SnapshotAssembly {
  #parts: Part[] = []

  /** Adds a part; returns the whole sealed snapshot once its last part is in. */
  add(part: Part): AssembledSnapshot | null {
    const first = this.#parts[0]
    const fits =
      first === undefined
        ? part.index === 0
        : part.seq === first.seq &&
          part.index === this.#parts.length &&
          part.partCount === first.partCount &&
          part.coversSeq === first.coversSeq
    if (!fits || part.index >= part.partCount) {
      this.#parts = []
      throw new ProtocolError(CloseCode.protocolError, `snapshot part ${part.index} of seq ${part.seq} out of order`)
    }
    this.#parts.push(part)
    if (this.#parts.length < part.partCount) return null
    const parts = this.#parts
    this.#parts = []
    return { seq: part.seq, coversSeq: part.coversSeq, sealed: joinParts(parts.map((p) => p.bytes)) }
  }
}

function joinParts(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0))
  let offset = 0
  for (const part of parts) {
    joined.set(part, offset)
    offset += part.byteLength
  }
  return joined
}
