/**
 * Keeps this device's estimate of the server's clock: a quick burst of pings
 * when a connection opens, then one now and then to follow drift. The
 * server's clock frames, sent unasked, check the estimate; a step (a phone
 * that slept, a server restarted elsewhere) starts a new burst at once.
 */
import { localNow, type ServerClock } from './serverClock.ts'

const FIRST_PINGS = 5
const FIRST_PING_SPACING_MS = 150
const PING_INTERVAL_MS = 15_000
/** Pings a new connection sends in its first burst: one at once, then FIRST_PINGS more, FIRST_PING_SPACING_MS apart. */
export const PINGS_IN_FIRST_BURST = FIRST_PINGS + 1

export class ClockPinger {
  readonly #sentAt = new Map<number, number>()
  #nextPingId = 1
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly clock: ServerClock,
    private readonly sendPing: (pingId: number) => void,
  ) {}

  /** The welcome frame's time is the first, coarse estimate; pings refine it. */
  welcomed(serverTime: number): void {
    this.clock.addUnpairedTime(serverTime, localNow())
    this.#restart()
  }

  /** The answer to one of our pings: a sample with a known round trip. */
  pong(pingId: number, serverTime: number): void {
    const sentAt = this.#sentAt.get(pingId)
    if (sentAt === undefined) return
    this.#sentAt.delete(pingId)
    this.clock.addSample(sentAt, serverTime, localNow())
  }

  /** The server's clock frame, sent unasked: it checks the estimate, and pings again at once when the clocks stepped apart. */
  serverTold(serverTime: number): void {
    if (this.clock.addUnpairedTime(serverTime, localNow())) this.#restart()
  }

  /** One ping now, outside the schedule (the liveness check's question); its answer is a clock sample like any other. */
  pingOnce(): void {
    const pingId = this.#nextPingId++
    this.#sentAt.set(pingId, localNow())
    this.sendPing(pingId)
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  #restart(): void {
    this.stop()
    this.#schedule(FIRST_PINGS)
  }

  #schedule(burst: number): void {
    this.pingOnce()
    this.#timer = setTimeout(() => this.#schedule(Math.max(0, burst - 1)), burst > 0 ? FIRST_PING_SPACING_MS : PING_INTERVAL_MS)
  }
}
