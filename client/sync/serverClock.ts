/**
 * The server's clock, as seen from this device. The server's clock is the
 * board's clock: timers are stored as server times, so every screen must
 * agree on "now" even when a device's own clock is minutes off.
 *
 * NTP-style: each ping records when it left and when its pong came back;
 * the server's time is assumed to be read halfway. Samples with the lowest
 * round trip carry the least uncertainty, so the estimate uses the best of
 * the recent ones.
 *
 * A sample's true offset lies within half its round trip of its estimate.
 * When a new sample's range does not overlap the current estimate's, one of
 * the clocks has stepped (a server restarted elsewhere, a phone that slept),
 * and the old samples describe a clock that no longer exists: they are
 * dropped instead of being averaged with the new truth.
 */

/** This device's clock, monotonic within the page so wall-clock jumps do not move the estimate. */
export function localNow(): number {
  return performance.timeOrigin + performance.now()
}

type Sample = { offset: number; roundTrip: number }

const SAMPLES_KEPT = 16
/** Slack for drift between samples and timer jitter, before two samples are said to disagree. */
const STEP_TOLERANCE_MS = 100
/** The longest an unasked-for clock frame is assumed to spend on its way, for step detection. */
const MAX_ONE_WAY_MS = 5000

export class ServerClock {
  #samples: Sample[] = []
  #offset = 0
  #listeners = new Set<() => void>()

  /** Records one ping's round trip. Times are in milliseconds. */
  addSample(sentAt: number, serverTime: number, receivedAt: number): void {
    const roundTrip = Math.max(0, receivedAt - sentAt)
    const sample = { offset: serverTime - (sentAt + roundTrip / 2), roundTrip }
    if (this.#samples.length > 0) {
      const best = this.#bestSample()
      const apart = Math.abs(sample.offset - best.offset)
      if (apart > sample.roundTrip / 2 + best.roundTrip / 2 + STEP_TOLERANCE_MS) this.#samples = []
    }
    this.#samples.push(sample)
    if (this.#samples.length > SAMPLES_KEPT) this.#samples.shift()
    this.#setOffset(this.#bestSample().offset)
  }

  /**
   * A time the server sent without being asked (its welcome, and its clock
   * frame every few seconds). Before any ping it is the first, coarse
   * estimate; afterwards it only checks the estimate. Returns true when the
   * clocks have stepped apart, so the caller pings again at once.
   */
  addUnpairedTime(serverTime: number, receivedAt: number): boolean {
    // The server read its clock at most one trip before we received it: the true offset is in this range.
    const lowest = serverTime - receivedAt
    if (this.#samples.length === 0) {
      this.#setOffset(lowest)
      return false
    }
    const best = this.#bestSample()
    const estimateHigh = best.offset + best.roundTrip / 2 + STEP_TOLERANCE_MS
    const estimateLow = best.offset - best.roundTrip / 2 - STEP_TOLERANCE_MS
    const stepped = estimateHigh < lowest || estimateLow > lowest + MAX_ONE_WAY_MS
    if (stepped) {
      this.#samples = []
      this.#setOffset(lowest)
    }
    return stepped
  }

  /** Server time in milliseconds, estimated. */
  now(): number {
    return localNow() + this.#offset
  }

  /** Milliseconds to add to this device's clock to get the server's. */
  get offset(): number {
    return this.#offset
  }

  /** The uncertainty of the estimate: half the best round trip, or Infinity before any ping. */
  get uncertainty(): number {
    return this.#samples.length === 0 ? Infinity : this.#bestSample().roundTrip / 2
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #bestSample(): Sample {
    return this.#samples.reduce((best, sample) => (sample.roundTrip < best.roundTrip ? sample : best))
  }

  #setOffset(offset: number): void {
    if (offset === this.#offset) return
    this.#offset = offset
    for (const listener of this.#listeners) listener()
  }
}
