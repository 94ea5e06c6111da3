import * as Y from 'yjs'

type TailEntry = { seq: number; bytes: number }

/**
 * Everything a mirror knows, taken at one moment: its content and the seqs
 * that content covers, never one without the other. What a copy kept on the
 * device (mirrorRecord.ts) holds, so a reload resumes where the page left.
 */
export type MirrorPicture = {
  state: Uint8Array
  knownSeq: number
  seenAhead: readonly number[]
  snapshotSeq: number
  snapshotCovers: number
  tail: readonly TailEntry[]
  unreadable: readonly number[]
  unreadableSnapshot: boolean
}

/**
 * This device's picture of the server's log for one board: a scratch Y.Doc
 * holding exactly what the log holds (entries are applied one by one;
 * `Y.mergeUpdates` over a long log grows faster than linearly), which seqs
 * it has seen, and how long the tail after the latest snapshot has grown.
 *
 * It lives as long as the page has the board open, across reconnects, so a
 * reconnect asks only for what came after `knownSeq`; a picture of it is kept
 * on the device (mirrorKeeper.ts), so a reload does too. It never holds this
 * device's own changes before the server has acknowledged them: whatever
 * the provider's doc has and this doc lacks is exactly what to push.
 *
 * An entry that cannot be read is skipped and remembered: a snapshot made
 * here lists it to be kept, since a snapshot never deletes an entry it does
 * not contain. An unreadable snapshot cannot be kept that way, so after one
 * this device posts no snapshots until a full replay reads the log again.
 */
export class LogMirror {
  #doc = new Y.Doc()
  #knownSeq = 0
  #seenAhead = new Set<number>()
  #snapshotSeq = 0
  #snapshotCovers = 0
  #tail: TailEntry[] = []
  #tailBytes = 0
  #unreadable = new Set<number>()
  #unreadableSnapshot = false
  readonly #changeListeners = new Set<() => void>()

  get doc(): Y.Doc {
    return this.#doc
  }

  /** The highest seq up to which every entry has been seen (applied, or skipped as unreadable). */
  get knownSeq(): number {
    return this.#knownSeq
  }

  /** The seq of the latest snapshot seen; a new snapshot must cover at least this far. */
  get snapshotSeq(): number {
    return this.#snapshotSeq
  }

  get tail(): { updates: number; bytes: number } {
    return { updates: this.#tail.length, bytes: this.#tailBytes }
  }

  /** False after an unreadable snapshot: a snapshot from here would drop what it held. */
  get canSnapshot(): boolean {
    return !this.#unreadableSnapshot
  }

  /** Entries at or below `seq` this device could not read: a snapshot covering them keeps them. */
  unreadableUpTo(seq: number): number[] {
    return [...this.#unreadable].filter((unreadable) => unreadable <= seq).sort((a, b) => a - b)
  }

  /** Calls `listener` whenever what the mirror knows changed (an entry, a snapshot, a reset). Returns the way to stop. */
  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener)
    return () => this.#changeListeners.delete(listener)
  }

  /** What the mirror knows right now, content and seqs together. */
  picture(): MirrorPicture {
    return {
      state: this.encodeState(),
      knownSeq: this.#knownSeq,
      seenAhead: [...this.#seenAhead],
      snapshotSeq: this.#snapshotSeq,
      snapshotCovers: this.#snapshotCovers,
      tail: this.#tail.map((entry) => ({ ...entry })),
      unreadable: [...this.#unreadable],
      unreadableSnapshot: this.#unreadableSnapshot,
    }
  }

  /**
   * Starts from a kept picture instead of from nothing. Only an empty mirror
   * takes one (a mirror that has seen the server knows better); false, and
   * the mirror left empty, when the picture's content cannot be applied.
   */
  restore(picture: MirrorPicture): boolean {
    if (this.#knownSeq !== 0 || this.#seenAhead.size > 0 || this.#snapshotSeq !== 0) return false
    if (!this.#apply(picture.state)) {
      this.reset()
      return false
    }
    this.#knownSeq = picture.knownSeq
    for (const seq of picture.seenAhead) this.#seenAhead.add(seq)
    this.#snapshotSeq = picture.snapshotSeq
    this.#snapshotCovers = picture.snapshotCovers
    this.#tail = picture.tail.map((entry) => ({ ...entry }))
    this.#tailBytes = this.#tail.reduce((sum, entry) => sum + entry.bytes, 0)
    for (const seq of picture.unreadable) this.#unreadable.add(seq)
    this.#unreadableSnapshot = picture.unreadableSnapshot
    this.#changed()
    return true
  }

  /** The server replays the whole log: forget everything and read it afresh. */
  reset(): void {
    this.#doc.destroy()
    this.#doc = new Y.Doc()
    this.#knownSeq = 0
    this.#seenAhead.clear()
    this.#snapshotSeq = 0
    this.#snapshotCovers = 0
    this.#tail = []
    this.#tailBytes = 0
    this.#unreadable.clear()
    this.#unreadableSnapshot = false
    this.#changed()
  }

  /**
   * Updates the log holds, replayed or fanned out live, applied in one
   * transaction; `update` is null for one that could not be opened. Returns
   * the updates that applied, and the seqs skipped as unreadable.
   */
  applyEntries(entries: readonly { seq: number; update: Uint8Array | null; sealedBytes: number }[]): {
    applied: Uint8Array[]
    skipped: number[]
  } {
    const applied: Uint8Array[] = []
    const skipped: number[] = []
    this.#doc.transact(() => {
      for (const { seq, update, sealedBytes } of entries) {
        if (update !== null && this.applyEntry(seq, update, sealedBytes)) applied.push(update)
        else {
          if (update === null) this.markUnreadable(seq)
          skipped.push(seq)
        }
      }
    }, 'log')
    return { applied, skipped }
  }

  /** An update the log holds at `seq`, replayed or fanned out live. False when it could not be applied (then skipped). */
  applyEntry(seq: number, update: Uint8Array, sealedBytes: number): boolean {
    if (!this.#apply(update)) {
      this.markUnreadable(seq)
      return false
    }
    this.#recordSeq(seq, sealedBytes)
    return true
  }

  /** An entry that failed to decrypt or to apply: skipped, and kept by any snapshot made here. */
  markUnreadable(seq: number): void {
    this.#unreadable.add(seq)
    this.#recordSeq(seq, 0)
  }

  /** A snapshot's content, replayed or fanned out. False when it could not be applied. */
  applySnapshot(seq: number, coversSeq: number, update: Uint8Array): boolean {
    if (!this.#apply(update)) {
      this.markUnreadableSnapshot(seq, coversSeq)
      return false
    }
    this.noteSnapshot(seq, coversSeq)
    return true
  }

  markUnreadableSnapshot(seq: number, coversSeq: number): void {
    this.#unreadableSnapshot = true
    this.noteSnapshot(seq, coversSeq)
  }

  /**
   * A snapshot was stored at `seq`, covering the log up to `coversSeq`. Its
   * content is already here (a notice for entries this device has seen), or
   * was just applied.
   */
  noteSnapshot(seq: number, coversSeq: number): void {
    if (seq > this.#snapshotSeq) {
      this.#snapshotSeq = seq
      this.#snapshotCovers = coversSeq
      this.#tail = this.#tail.filter((entry) => entry.seq > coversSeq || this.#unreadable.has(entry.seq))
      this.#tailBytes = this.#tail.reduce((sum, entry) => sum + entry.bytes, 0)
    }
    // Everything the snapshot covers is held now, even entries this device never saw one by one.
    if (coversSeq > this.#knownSeq) {
      this.#knownSeq = coversSeq
      for (const seen of this.#seenAhead) if (seen <= coversSeq) this.#seenAhead.delete(seen)
    }
    this.#recordSeq(seq, 0, false)
  }

  /** The server stored this device's own change at `seq`. */
  acknowledge(seq: number, update: Uint8Array, sealedBytes: number): void {
    this.#apply(update)
    this.#recordSeq(seq, sealedBytes)
  }

  /** The server stored this device's snapshot at `seq`, with the changes it carried. */
  snapshotAcknowledged(seq: number, coversSeq: number, carried: readonly Uint8Array[]): void {
    for (const update of carried) this.#apply(update)
    this.noteSnapshot(seq, coversSeq)
  }

  encodeState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.#doc)
  }

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.#doc)
  }

  /** What the log holds that a doc with `stateVector` lacks. */
  missingFrom(stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.#doc, stateVector)
  }

  /**
   * True when the log already holds all of `update`. An answer to a state
   * vector always carries the sender's whole delete set, so deletions are
   * compared with the log's, not just counted.
   */
  holds(update: Uint8Array): boolean {
    return Y.snapshotContainsUpdate(Y.snapshot(this.#doc), update)
  }

  /** Decoding first refuses most garbage before it can touch the doc. */
  #apply(update: Uint8Array): boolean {
    try {
      Y.decodeUpdate(update)
      Y.applyUpdate(this.#doc, update, 'log')
      return true
    } catch {
      return false
    }
  }

  #recordSeq(seq: number, bytes: number, countsInTail = true): void {
    // An entry seen before (a replay after a reconnect resends what came ahead of knownSeq) counts once.
    const seenBefore = seq <= this.#knownSeq || this.#seenAhead.has(seq)
    if (countsInTail && !seenBefore && seq > this.#snapshotCovers) {
      this.#tail.push({ seq, bytes })
      this.#tailBytes += bytes
    }
    if (seq > this.#knownSeq) {
      this.#seenAhead.add(seq)
      while (this.#seenAhead.delete(this.#knownSeq + 1)) this.#knownSeq++
    }
    this.#changed()
  }

  #changed(): void {
    if (this.#changeListeners.size === 0) return
    for (const listener of this.#changeListeners) listener()
  }
}
