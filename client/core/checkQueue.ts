/**
 * Signature checks waiting their turn, worked a batch at a time and newest
 * first: the cards a person has just brought on screen ask last, so they are
 * checked before the ones asked for earlier and scrolled away from. Each
 * batch's checks run together (WebCrypto verifies off the main thread in
 * Chromium) and are reported together, so the screen re-reads its verdicts
 * once per batch, not once per claim. A re-read visits every verdict on
 * screen, so while a long queue is worked each batch is twice the one
 * before: a board of 2,000 cards is re-read 7 times, not 63.
 */

/** Big enough to keep WebCrypto's threads busy, small enough that the first cards on screen are checked within a frame or two. */
export const CHECK_BATCH = 32
/** The most a batch grows to: the newest requests still wait behind no more than this. */
export const LARGEST_CHECK_BATCH = 1024

type Waiting = { key: string; check: () => Promise<boolean>; done: Promise<boolean>; resolve: (valid: boolean) => void }

export class CheckQueue {
  readonly #onBatch: (results: ReadonlyMap<string, boolean>) => void
  readonly #firstBatch: number
  /** Oldest first; a batch is taken from the end. */
  readonly #stack: Waiting[] = []
  /** Every key waiting or being checked, so a verdict asked again while it waits is not checked twice. */
  readonly #pending = new Map<string, Waiting>()
  #working = false

  constructor(onBatch: (results: ReadonlyMap<string, boolean>) => void, firstBatch = CHECK_BATCH) {
    this.#onBatch = onBatch
    this.#firstBatch = firstBatch
  }

  /** Queues a check under `key`, once; resolves with whether the signature is valid (a check that fails counts as invalid). */
  request(key: string, check: () => Promise<boolean>): Promise<boolean> {
    const pending = this.#pending.get(key)
    if (pending !== undefined) return pending.done
    let resolve!: (valid: boolean) => void
    const done = new Promise<boolean>((settle) => (resolve = settle))
    const waiting = { key, check, done, resolve }
    this.#pending.set(key, waiting)
    this.#stack.push(waiting)
    if (!this.#working) {
      this.#working = true
      // After the render that asked has finished asking, so the newest of its requests go first.
      setTimeout(() => void this.#work(), 0)
    }
    return done
  }

  get waiting(): number {
    return this.#stack.length
  }

  async #work(): Promise<void> {
    for (let size = this.#firstBatch; this.#stack.length > 0; size = Math.min(size * 2, LARGEST_CHECK_BATCH)) {
      const batch = this.#stack.splice(-size).reverse()
      const valid = await Promise.all(batch.map((waiting) => waiting.check().catch(() => false)))
      const results = new Map(batch.map((waiting, i) => [waiting.key, valid[i]!]))
      for (const waiting of batch) this.#pending.delete(waiting.key)
      this.#onBatch(results)
      batch.forEach((waiting, i) => waiting.resolve(valid[i]!))
    }
    this.#working = false
  }
}
