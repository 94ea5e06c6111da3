/**
 * A rate limit: a bucket holding up to `burst` tokens that refills at
 * `ratePerSecond`. A client may spend in bursts (a reconnect pushes its
 * offline edits) but not sustain more than the rate.
 *
 * `take` refuses when the bucket is empty (for requests that can simply be
 * turned away); `consume` always takes and lets the bucket go into debt,
 * answering how long the caller should wait before taking more — the relay
 * stops reading a socket for that long instead of closing it.
 */
export class TokenBucket {
  #tokens: number
  #refilledAt: number
  #ratePerSecond: number
  #burst: number

  constructor(
    private readonly fullRatePerSecond: number,
    private readonly fullBurst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#ratePerSecond = fullRatePerSecond
    this.#burst = fullBurst
    this.#tokens = fullBurst
    this.#refilledAt = now()
  }

  /** Keeps 1/`sharers` of the rate and burst: the budget is shared with processes holding buckets of their own. */
  shareWith(sharers: number): void {
    this.#refill()
    this.#ratePerSecond = this.fullRatePerSecond / sharers
    this.#burst = this.fullBurst / sharers
    this.#tokens = Math.min(this.#tokens, this.#burst)
  }

  /** Takes a token; false when the bucket is empty. */
  take(): boolean {
    this.#refill()
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** Takes `cost` tokens, into debt if need be; returns the ms until the bucket is out of debt (0 when it is not in debt). */
  consume(cost: number): number {
    this.#refill()
    this.#tokens -= cost
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.#ratePerSecond) * 1000)
  }

  /** Tokens in the bucket now (negative while in debt). */
  get level(): number {
    this.#refill()
    return this.#tokens
  }

  /** Empties the bucket down to `level` (a bucket that replaces another starts no fuller than it was). */
  drainTo(level: number): void {
    this.#refill()
    this.#tokens = Math.min(this.#tokens, level)
  }

  /** How long, untouched, until the bucket is full again: a fresh bucket is then the same thing. */
  msUntilFull(): number {
    this.#refill()
    return Math.max(0, Math.ceil(((this.#burst - this.#tokens) / this.#ratePerSecond) * 1000))
  }

  #refill(): void {
    const now = this.now()
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#ratePerSecond)
    this.#refilledAt = now
  }
}
