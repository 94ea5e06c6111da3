/** Board creations per client address (server/http/creationRateLimit.ts; the address itself: clientAddress.test.ts). */
import { describe, expect, it } from 'vitest'
import { CreationRateLimit } from '../../../server/http/creationRateLimit.ts'

const MINUTE = 60_000

describe('the creation rate limit', () => {
  it('allows the burst, then one per 3600/rate seconds, and says how long to wait in whole seconds', () => {
    let now = 0
    const limit = new CreationRateLimit(30, 10, () => now)
    for (let i = 0; i < 10; i++) expect(limit.take('192.0.2.1')).toEqual({ allowed: true })
    expect(limit.take('192.0.2.1')).toEqual({ allowed: false, retryAfterSeconds: 120 })
    // Each address has its own bucket.
    expect(limit.take('192.0.2.2')).toEqual({ allowed: true })
    now += 2 * MINUTE
    expect(limit.take('192.0.2.1')).toEqual({ allowed: true })
    expect(limit.take('192.0.2.1').allowed).toBe(false)
  })

  it('a rate above one a second still answers Retry-After of at least 1', () => {
    const limit = new CreationRateLimit(36_000, 1, () => 0)
    limit.take('a')
    expect(limit.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 })
  })

  it('forgets an address once its bucket has refilled, and never tracks more than its cap', () => {
    let now = 0
    const limit = new CreationRateLimit(30, 10, () => now, 3)
    limit.take('a')
    now += 10 * MINUTE
    limit.take('b')
    expect(limit.trackedAddresses).toBe(2)
    // 10 tokens at 30 an hour refill in 20 minutes: 'a' is full again and dropped, 'b' is not yet.
    now += 11 * MINUTE
    limit.take('c')
    expect(limit.trackedAddresses).toBe(2)

    for (const address of ['d', 'e', 'f', 'g']) limit.take(address)
    expect(limit.trackedAddresses).toBe(3)
  })

  it('past its cap drops the least recently used address, so a busy one keeps its count', () => {
    const limit = new CreationRateLimit(30, 2, () => 0, 2)
    limit.take('busy')
    limit.take('busy')
    limit.take('quiet')
    limit.take('busy') // refused, and now the most recently used
    limit.take('newcomer') // pushes out 'quiet', not 'busy'
    expect(limit.take('busy').allowed).toBe(false)
  })
})
