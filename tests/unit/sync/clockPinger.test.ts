/**
 * The server's clock frame (client/sync/clockPinger.ts): a check on the
 * estimate, never mistaken for the answer to a ping, and a new burst of
 * pings at once when it shows the clocks stepped apart.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ClockPinger } from '../../../client/sync/clockPinger.ts'
import { localNow, ServerClock } from '../../../client/sync/serverClock.ts'

const MINUTES_20 = 20 * 60 * 1000

describe("the server's clock frame", () => {
  // The pinger's own schedule stays still: only what the frames cause is seen.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))
  afterEach(() => void vi.useRealTimers())

  function pingerWithOneSample() {
    const clock = new ServerClock()
    const pings: number[] = []
    const pinger = new ClockPinger(clock, (pingId) => pings.push(pingId))
    pinger.welcomed(localNow())
    pinger.pong(pings[0]!, localNow())
    return { clock, pings, pinger }
  }

  it('checks the estimate without pinging again while the clocks agree', () => {
    const { clock, pings, pinger } = pingerWithOneSample()
    const offset = clock.offset
    pinger.serverTold(localNow())
    expect(pings).toHaveLength(1)
    expect(clock.offset).toBe(offset)
  })

  it('pings again at once when the server clock stepped, and follows it meanwhile', () => {
    const { clock, pings, pinger } = pingerWithOneSample()
    pinger.serverTold(localNow() + MINUTES_20)
    expect(pings).toHaveLength(2)
    expect(clock.offset).toBeGreaterThan(MINUTES_20 - 1000)
  })

  it('a pong answers only the ping it names', () => {
    const { clock, pings, pinger } = pingerWithOneSample()
    const offset = clock.offset
    pinger.pong(pings[0]! + 100, localNow() + MINUTES_20)
    expect(clock.offset).toBe(offset)
  })
})
