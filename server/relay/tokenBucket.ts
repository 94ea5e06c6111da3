/**
 * A per-socket rate limit: a bucket holding up to `burst` tokens that refills
 * at `ratePerSecond`; each frame takes one. A client may send in bursts (a
 * reconnect pushes its offline edits) but not sustain more than the rate.
 */
export class TokenBucket {
  #tokens: number
  #refilledAt: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = burst
    this.#refilledAt = now()
  }

  /** Takes a token; false when the bucket is empty. */
  take(): boolean {
    const now = this.now()
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.ratePerSecond)
    this.#refilledAt = now
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}
