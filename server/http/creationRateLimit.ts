/**
 * Board creations per client address: one token bucket per address (the
 * same TokenBucket the relay paces sockets with), refilling at the hourly rate.
 *
 * The map of buckets stays small on its own: it is kept in order of last
 * use, and a bucket idle long enough to have refilled completely is dropped
 * (a fresh bucket is the same thing). Past `maxTrackedAddresses` the least
 * recently used address is dropped even if not yet full: that address gets a
 * fresh burst, which is the price of bounded memory; the caps on boards and
 * bytes still hold whatever the addresses.
 */
import { TokenBucket } from '../common/tokenBucket.ts'

/** Addresses tracked at most: tens of bytes each, so well under a few MB. */
const MAX_TRACKED_ADDRESSES = 10_000

type Tracked = { bucket: TokenBucket; lastSeenAt: number }

export type CreationAllowance = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export class CreationRateLimit {
  readonly #byAddress = new Map<string, Tracked>()
  readonly #ratePerSecond: number
  /** An untouched bucket is full again after this long, from however empty. */
  readonly #refillsCompletelyMs: number
  /** After a refusal the bucket holds less than one token, so one more comes within this. */
  readonly #retryAfterSeconds: number

  constructor(
    createsPerHour: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxTrackedAddresses = MAX_TRACKED_ADDRESSES,
  ) {
    this.#ratePerSecond = createsPerHour / 3600
    this.#refillsCompletelyMs = (burst / this.#ratePerSecond) * 1000
    this.#retryAfterSeconds = Math.ceil(1 / this.#ratePerSecond)
  }

  /** Counts one creation against `addressKey`, or says how long to wait. */
  take(addressKey: string): CreationAllowance {
    const now = this.now()
    this.#dropRefilled(now)
    let tracked = this.#byAddress.get(addressKey)
    if (tracked === undefined) {
      tracked = { bucket: new TokenBucket(this.#ratePerSecond, this.burst, this.now), lastSeenAt: now }
    }
    // Re-inserting moves the address to the end: the map stays in order of last use.
    this.#byAddress.delete(addressKey)
    tracked.lastSeenAt = now
    this.#byAddress.set(addressKey, tracked)
    this.#dropOldestBeyond(this.maxTrackedAddresses)
    return tracked.bucket.take() ? { allowed: true } : { allowed: false, retryAfterSeconds: this.#retryAfterSeconds }
  }

  /** How many addresses are tracked now (for tests). */
  get trackedAddresses(): number {
    return this.#byAddress.size
  }

  #dropRefilled(now: number): void {
    // In order of last use, so the refilled ones are a prefix: stop at the first that is not.
    for (const [address, { lastSeenAt }] of this.#byAddress) {
      if (now - lastSeenAt < this.#refillsCompletelyMs) return
      this.#byAddress.delete(address)
    }
  }

  #dropOldestBeyond(max: number): void {
    for (const address of this.#byAddress.keys()) {
      if (this.#byAddress.size <= max) return
      this.#byAddress.delete(address)
    }
  }
}
