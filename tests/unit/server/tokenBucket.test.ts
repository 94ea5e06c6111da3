/** The per-socket rate limit (DESIGN.md: "every socket a rate limit"). */
import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../../server/relay/tokenBucket.ts'

describe('the token bucket', () => {
  it('allows a burst, then only the sustained rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    now += 100 // one token at 10 per second
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    now += 60_000 // a long pause refills only up to the burst
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
  })
})
