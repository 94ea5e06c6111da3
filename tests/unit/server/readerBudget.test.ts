/** What one address's readers may hold in memory, and how long a reader may take nothing (server/common/readerBudget.ts, stallWatch.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ReaderBudget } from '../../../server/common/readerBudget.ts'
import { StallWatch } from '../../../server/common/stallWatch.ts'

describe('the readers’ budget', () => {
  it('an address’s readers share its cap; another address has its own', () => {
    const budget = new ReaderBudget(10)
    const [first, second] = [budget.open('203.0.113.1'), budget.open('203.0.113.1')]
    expect(first.take(6)).toBe(true)
    expect(second.take(5)).toBe(false)
    expect(second.take(4)).toBe(true)
    expect(budget.open('198.51.100.2').take(10)).toBe(true)
    first.give(6)
    expect(second.take(5)).toBe(true)
  })

  it('an address that holds nothing may take one read however large, so a small cap slows readers rather than stopping them', () => {
    const budget = new ReaderBudget(1)
    const reader = budget.open('203.0.113.1')
    expect(reader.take(1000)).toBe(true)
    expect(budget.open('203.0.113.1').take(1)).toBe(false)
  })

  it('a read settles to what it held; closing a reader gives back all it holds, once, and wakes the address’s waiting readers', async () => {
    const budget = new ReaderBudget(100)
    const reader = budget.open('203.0.113.1')
    reader.take(50)
    reader.settle(50, 20)
    expect(budget.heldBy('203.0.113.1')).toBe(20)
    reader.settle(0, 90) // already in memory: charged even past the cap
    expect(budget.heldBy('203.0.113.1')).toBe(110)
    const woken = budget.open('203.0.113.1').whenRoomMayBeFree()
    reader.close()
    await woken
    expect(budget.heldBy('203.0.113.1')).toBe(0)
    // A frame taken after the reader closed gives back nothing more.
    reader.give(20)
    expect(budget.heldBy('203.0.113.1')).toBe(0)
  })
})

describe('a reader’s stall deadline', () => {
  afterEach(() => void vi.useRealTimers())

  it('a wait ends false only once the reader went stallMs without taking anything; each thing taken starts the time again', async () => {
    vi.useFakeTimers()
    const watch = new StallWatch(1000)
    const never = new Promise<void>(() => {})
    const waiting = watch.wait(never)
    let outcome: boolean | null = null
    void waiting.then((value) => (outcome = value))
    await vi.advanceTimersByTimeAsync(900)
    watch.progressed()
    await vi.advanceTimersByTimeAsync(900)
    expect(outcome).toBeNull()
    await vi.advanceTimersByTimeAsync(100)
    expect(outcome).toBe(false)
    expect(await watch.wait(Promise.resolve())).toBe(true)
  })
})
