import * as Y from 'yjs'
import { Limits } from '../../shared/protocol.ts'

type TailEntry = { seq: number; bytes: number }

/**
 * The transport's picture of the server's log for one connection: a scratch
 * Y.Doc holding everything the log holds (entries are applied one by one;
 * `Y.mergeUpdates` over a long log grows faster than linearly), which
 * sequence numbers it has seen, and how long the tail after the latest
 * snapshot has grown.
 *
 * A snapshot may only cover a prefix of the log this client has fully read,
 * or it would erase entries it never saw; `coverableSeq` is that prefix.
 */
export class LogMirror {
  readonly doc = new Y.Doc()
  #coverableSeq = 0
  #seenAhead = new Set<number>()
  #snapshotSeq = 0
  #tail: TailEntry[] = []
  #tailBytes = 0
  #unreadable = false

  /** The highest sequence number up to which every entry has been applied. */
  get coverableSeq(): number {
    return this.#coverableSeq
  }

  /** Replay starts from a snapshot covering the log up to `seq`. */
  applySnapshot(seq: number, update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, 'log')
    this.#snapshotSeq = seq
    this.#coverableSeq = Math.max(this.#coverableSeq, seq)
    this.#tail = this.#tail.filter((entry) => entry.seq > seq)
    this.#recountTail()
  }

  /** An update the log holds at `seq`, from replay or fanned out live. */
  applyEntry(seq: number, update: Uint8Array, sealedBytes: number): void {
    Y.applyUpdate(this.doc, update, 'log')
    this.#recordSeq(seq, sealedBytes)
  }

  /** This client's own change, applied as soon as it is sent; its seq comes with the ack. */
  applyOwn(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, 'log')
  }

  /** The server appended this client's change at `seq`. */
  acknowledge(seq: number, sealedBytes: number): void {
    this.#recordSeq(seq, sealedBytes)
  }

  /** An entry failed authentication: it was not applied, so this client must never snapshot over it. */
  markUnreadable(seq: number): void {
    this.#unreadable = true
    this.#recordSeq(seq, 0)
  }

  /** The server stored a snapshot covering the log up to `seq`. */
  snapshotStored(seq: number): void {
    if (seq <= this.#snapshotSeq) return
    this.#snapshotSeq = seq
    this.#tail = this.#tail.filter((entry) => entry.seq > seq)
    this.#recountTail()
  }

  /** True when the tail has grown past the design's threshold and a snapshot can safely cover it. */
  snapshotDue(): boolean {
    if (this.#unreadable || this.#coverableSeq <= this.#snapshotSeq) return false
    return this.#tail.length >= Limits.snapshotAfterUpdates || this.#tailBytes >= Limits.snapshotAfterBytes
  }

  /** The whole log as one update, for a snapshot. */
  encodeState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc)
  }

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc)
  }

  /** What the log holds that a doc with `stateVector` lacks. */
  missingFrom(stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc, stateVector)
  }

  #recordSeq(seq: number, bytes: number): void {
    if (seq > this.#snapshotSeq) {
      this.#tail.push({ seq, bytes })
      this.#tailBytes += bytes
    }
    if (seq <= this.#coverableSeq) return
    this.#seenAhead.add(seq)
    while (this.#seenAhead.delete(this.#coverableSeq + 1)) this.#coverableSeq++
  }

  #recountTail(): void {
    this.#tailBytes = this.#tail.reduce((sum, entry) => sum + entry.bytes, 0)
  }
}

/** True when an update carries neither insertions nor deletions. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  return structs.length === 0 && ds.clients.size === 0
}
