/**
 * Byte budgets survive reconnects (docs/protocol.md, "Limits"): closing a
 * socket and opening another buys no fresh burst, neither for the board's
 * shared budget nor for an address's own sockets; a budget is forgotten only
 * once it would have refilled anyway, and what is kept stays bounded.
 */
import { describe, expect, it } from 'vitest'
import { Admission } from '../../../server/relay/admission.ts'
import { IdleBudgets } from '../../../server/relay/idleBudgets.ts'
import { resolveRelayLimits } from '../../../server/common/policy.ts'
import { TokenBucket } from '../../../server/common/tokenBucket.ts'

const limits = resolveRelayLimits({
  boardBytesPerSecond: 1000,
  boardByteBurst: 4000,
  documentBytesPerSecond: 100,
  documentByteBurst: 400,
  presenceBytesPerSecond: 10,
  presenceByteBurst: 40,
})

/** An admission on one process, whose clock the test moves. */
function admissionAt() {
  const clock = { now: 0 }
  const admission = new Admission(limits, { takeSeat: async () => ({ processes: 1 }), leaveSeat: () => {} }, () => clock.now)
  /** A socket from `address` on `boardId`: its budgets and the board's, and how it leaves. */
  const open = async (address: string, boardId: string) => {
    admission.admitSocket(address)
    const budgets = admission.socketBudgets(address)
    const board = (await admission.takeSeat(boardId))!
    admission.authenticated(address)
    return { budgets, board, close: () => admission.left(address, true, boardId, budgets) }
  }
  return { clock, open }
}

describe('budgets that survive reconnects', () => {
  it('a board’s byte budget outlives its last socket: a new first socket starts from what was left, not a full burst', async () => {
    const { clock, open } = await admissionAt()
    const first = await open('10.0.0.1', 'board')
    expect(first.board.consume(4000)).toBe(0)
    first.close()
    const second = await open('10.0.0.2', 'board')
    // Spent, and nothing refilled yet: the next byte waits a millisecond at 1000 a second.
    expect(second.board.consume(1)).toBe(1)
    second.close()
    clock.now += 2000
    const third = await open('10.0.0.3', 'board')
    expect(third.board.level).toBe(1999)
  })

  it('a board’s budget is forgotten once it would have refilled, and another board’s was never touched', async () => {
    const { clock, open } = await admissionAt()
    const first = await open('10.0.0.1', 'board')
    first.board.consume(4000)
    first.close()
    expect((await open('10.0.0.2', 'other')).board.level).toBe(4000)
    clock.now += 4000
    expect((await open('10.0.0.3', 'board')).board.level).toBe(4000)
  })

  it('an address’s next socket starts no fuller than its closed sockets left, budget by budget', async () => {
    const { clock, open } = await admissionAt()
    const spendsBytes = await open('10.0.0.1', 'a')
    const spendsPresence = await open('10.0.0.1', 'b')
    spendsBytes.budgets.documentBytes.consume(400)
    spendsPresence.budgets.presenceBytes.consume(30)
    spendsBytes.close()
    spendsPresence.close()
    const next = await open('10.0.0.1', 'c')
    expect(next.budgets.documentBytes.level).toBe(0)
    expect(next.budgets.presenceBytes.level).toBe(10)
    expect(next.budgets.frames.level).toBe(limits.frameBurst)
    // Another address is not held back by this one.
    expect((await open('10.0.0.2', 'c')).budgets.documentBytes.level).toBe(400)
    clock.now += 4000
    expect((await open('10.0.0.1', 'd')).budgets.documentBytes.level).toBe(400)
  })

  it('kept budgets stay few: a full one is not kept, and past the bound the one kept longest goes', () => {
    let now = 0
    const idle = new IdleBudgets<TokenBucket>(() => now, 2)
    const spent = () => {
      const bucket = new TokenBucket(1, 10, () => now)
      bucket.consume(10)
      return bucket
    }
    idle.keep('full', new TokenBucket(1, 10, () => now))
    expect(idle.size).toBe(0)
    idle.keep('a', spent())
    idle.keep('b', spent())
    idle.keep('c', spent())
    expect(idle.size).toBe(2)
    expect(idle.get('a')).toBeUndefined()
    expect(idle.get('c')?.level).toBe(0)
    now += 10_000
    expect(idle.get('b')).toBeUndefined()
    expect(idle.size).toBe(1)
  })
})
