import { describe, expect, it } from 'vitest'
import { ServerClock } from '../../client/sync/serverClock.ts'

describe('ServerClock', () => {
  it('estimates the offset from the ping with the shortest round trip', () => {
    const clock = new ServerClock()
    // Server is 300 s ahead; round trips of 80, 10 and 40 ms with the server read at various points.
    clock.addSample(1000, 301_070, 1080)
    clock.addSample(2000, 302_004, 2010)
    clock.addSample(3000, 303_030, 3040)
    expect(clock.offset).toBe(302_004 - 2005)
    expect(clock.uncertainty).toBe(5)
  })

  it('starts from an unasked-for server time, then lets pings take over', () => {
    const clock = new ServerClock()
    expect(clock.addUnpairedTime(50_000, 1000)).toBe(false)
    expect(clock.offset).toBe(49_000)
    clock.addSample(2000, 51_010, 2020)
    expect(clock.offset).toBe(49_000)
  })

  it('drops old samples when a new one cannot be reconciled with them: a clock stepped', () => {
    const clock = new ServerClock()
    clock.addSample(1000, 1005, 1010)
    expect(clock.offset).toBe(0)
    // The server's clock jumped 20 minutes ahead; its slow sample must still win over the old fast ones.
    clock.addSample(2000, 2050 + 1_200_000, 2100)
    expect(clock.offset).toBe(1_200_000)
  })

  it('notices a step from the periodic clock frames, so the caller can ping again at once', () => {
    const clock = new ServerClock()
    clock.addSample(1000, 1005, 1010)
    expect(clock.addUnpairedTime(5000, 5002)).toBe(false)
    expect(clock.addUnpairedTime(6000 + 1_200_000, 6002)).toBe(true)
    expect(clock.offset).toBeCloseTo(1_200_000 - 2)
  })
})
