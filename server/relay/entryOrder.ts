/**
 * One socket's log entries in seq order, each sent once. Between processes
 * entries may arrive out of order (Redis carries messages of different
 * publishers), so one that comes early waits for the seqs before it — it is
 * never dropped — and the connection fetches a gap that does not fill.
 * An entry the socket already holds (its own push, acked) takes its place
 * in the order without being sent.
 */
type Frames = Uint8Array[]

export class EntryOrder {
  #last = 0
  /** Entries after a gap, by seq; empty frames when the socket already holds the entry. */
  readonly #waiting = new Map<number, Frames>()

  /** The highest seq up to which the socket holds every entry. */
  get last(): number {
    return this.#last
  }

  get hasGap(): boolean {
    return this.#waiting.size > 0
  }

  /** True when the socket holds this entry: sent already, or its own (acked) waiting behind a gap. */
  holds(seq: number): boolean {
    return seq <= this.#last || this.#waiting.get(seq)?.length === 0
  }

  /** An entry arrived; returns the entries that can now be sent, in order. No frames: the socket holds it already. */
  accept(seq: number, frames: Frames): Frames[] {
    if (seq <= this.#last) return []
    this.#waiting.set(seq, frames)
    return this.#takeInOrder()
  }

  /** The socket was sent everything up to `seq` (a replay, or a catch-up from the log). */
  advanceTo(seq: number): Frames[] {
    if (seq <= this.#last) return []
    this.#last = seq
    for (const waiting of this.#waiting.keys()) if (waiting <= seq) this.#waiting.delete(waiting)
    return this.#takeInOrder()
  }

  #takeInOrder(): Frames[] {
    const ready: Frames[] = []
    for (let next = this.#waiting.get(this.#last + 1); next !== undefined; next = this.#waiting.get(this.#last + 1)) {
      this.#waiting.delete(++this.#last)
      if (next.length > 0) ready.push(next)
    }
    return ready
  }
}
