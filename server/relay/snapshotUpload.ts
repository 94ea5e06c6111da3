/**
 * One snapshot arriving in parts: the beginSnapshot frame says how many,
 * then the parts come in order. The server holds the parts in memory until
 * the last one (a bounded amount across all sockets), then stores the
 * snapshot in one commit; an upload cut off by a closed socket is dropped,
 * and the client posts again after reconnecting.
 */
import type { ClientFrame } from '../../shared/frames.ts'
import { CloseCode, Limits, ProtocolError, SNAPSHOT_PART_BYTES } from '../../shared/protocol.ts'

type Begin = Extract<ClientFrame, { tag: 'beginSnapshot' }>

/** Bytes of snapshot parts held across all uploads of this process. */
export class StagingBudget {
  #used = 0
  constructor(private readonly maxBytes: number) {}
  reserve(bytes: number): boolean {
    if (this.#used + bytes > this.maxBytes) return false
    this.#used += bytes
    return true
  }
  release(bytes: number): void {
    this.#used -= bytes
  }
}

const MAX_PARTS = Math.ceil(Limits.maxSnapshotBytes / SNAPSHOT_PART_BYTES)

export class SnapshotUpload {
  readonly parts: Uint8Array[] = []
  #bytes = 0

  constructor(
    readonly begin: Begin,
    private readonly budget: StagingBudget,
  ) {
    if (begin.partCount < 1 || begin.partCount > MAX_PARTS) {
      throw new ProtocolError(CloseCode.protocolError, `a snapshot of ${begin.partCount} parts`)
    }
    if (begin.keepSeqs.some((seq) => seq > begin.coversSeq)) {
      throw new ProtocolError(CloseCode.protocolError, 'a snapshot keeps an entry it does not cover')
    }
  }

  get complete(): boolean {
    return this.parts.length === this.begin.partCount
  }

  /** Adds the next part; throws when it is out of order, too large, or the server has no room to hold it. */
  add(part: Extract<ClientFrame, { tag: 'snapshotPart' }>): void {
    if (part.ref !== this.begin.ref || part.index !== this.parts.length || this.complete) {
      throw new ProtocolError(CloseCode.protocolError, `snapshot part ${part.index} of ref ${part.ref} out of order`)
    }
    if (this.#bytes + part.bytes.byteLength > Limits.maxSnapshotBytes) {
      throw new ProtocolError(CloseCode.frameTooLarge, `a snapshot over ${Limits.maxSnapshotBytes} bytes`)
    }
    if (!this.budget.reserve(part.bytes.byteLength)) {
      throw new ProtocolError(CloseCode.overloaded, 'too many snapshots arriving at once')
    }
    this.#bytes += part.bytes.byteLength
    this.parts.push(part.bytes)
  }

  /** Gives the held bytes back to the budget; the parts are stored or dropped by then. */
  release(): void {
    this.budget.release(this.#bytes)
    this.#bytes = 0
  }
}
