/** Board creations per client address (server/http/creationRateLimit.ts, clientAddress.ts). */
import { describe, expect, it } from 'vitest'
import { clientAddressKey } from '../../../server/http/clientAddress.ts'
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

describe('the client address a creation counts against', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s counts as %s', (address, key) => {
    expect(clientAddressKey(address)).toBe(key)
  })

  it('every address of one /64 shares one key; the next /64 has its own', () => {
    expect(clientAddressKey('2001:db8:0:1::a')).toBe(clientAddressKey('2001:db8:0:1:ffff::b'))
    expect(clientAddressKey('2001:db8:0:1::a')).not.toBe(clientAddressKey('2001:db8:0:2::a'))
  })
})
