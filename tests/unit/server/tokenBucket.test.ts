/** Rate limits: a burst, then the sustained rate; `consume` goes into debt and says how long to wait. */
import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../../server/common/tokenBucket.ts'

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

  it('consume within the burst owes nothing; past it, it answers the ms until the debt is paid', () => {
    let now = 0
    const bucket = new TokenBucket(1000, 500, () => now)
    expect(bucket.consume(300)).toBe(0)
    expect(bucket.consume(200)).toBe(0)
    expect(bucket.consume(250)).toBe(250) // 250 tokens short at 1000 per second
    expect(bucket.consume(250)).toBe(500) // the debt adds up
    now += 200
    expect(bucket.consume(0)).toBe(300)
    now += 300
    expect(bucket.consume(0)).toBe(0)
  })

  it('a bucket in debt refuses take until the debt is paid', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    bucket.consume(25) // 20 in debt: two seconds at 10 per second
    expect(bucket.take()).toBe(false)
    now += 1900
    expect(bucket.take()).toBe(false)
    now += 200 // 1 token
    expect(bucket.take()).toBe(true)
  })
})
