/**
 * The server's clock, as seen from this device. The server's clock is the
 * board's clock: timers are stored as server times, so every screen must
 * agree on "now" even when a device's own clock is minutes off.
 *
 * NTP-style: each ping records when it left and when its pong came back;
 * the server's time is assumed to be read halfway. Samples with the lowest
 * round trip carry the least uncertainty, so the estimate uses the best of
 * the recent ones.
 */

/** This device's clock, monotonic within the page so wall-clock jumps do not move the estimate. */
export function localNow(): number {
  return performance.timeOrigin + performance.now()
}

type Sample = { offset: number; roundTrip: number }

const SAMPLES_KEPT = 16

export class ServerClock {
  #samples: Sample[] = []
  #offset = 0
  #listeners = new Set<() => void>()

  /** Records one ping's round trip. Times are in milliseconds. */
  addSample(sentAt: number, serverTime: number, receivedAt: number): void {
    const roundTrip = Math.max(0, receivedAt - sentAt)
    this.#samples.push({ offset: serverTime - (sentAt + roundTrip / 2), roundTrip })
    if (this.#samples.length > SAMPLES_KEPT) this.#samples.shift()
    this.#setOffset(this.#bestSample().offset)
  }

  /** A first, coarse estimate from a time the server sent without being asked. */
  addUnpairedTime(serverTime: number, receivedAt: number): void {
    if (this.#samples.length === 0) this.#setOffset(serverTime - receivedAt)
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
