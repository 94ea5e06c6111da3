/**
 * Pacing: a socket over its budgets is read more slowly (paused, never
 * closed); a socket that does not read what it is sent is closed with 4508
 * rather than buffered for. Real timers with small limits.
 */
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../../shared/protocol.ts'
import { settle, until } from '../../kit/waits.ts'
import { join, pushUpdates, sealed, setUp } from '../../kit/relay/relayHarness.ts'

const LARGE = 1_000_000_000

describe('a slow consumer', () => {
  it('is closed with 4508 on the next delivery while the others on the board get it', async () => {
    const { relay, board, logLines } = await setUp({ limits: { slowConsumerBytes: 1000 } })
    const alice = await join(relay, board)
    const slow = await join(relay, board)
    const carol = await join(relay, board)
    slow.bufferedAmount = 1001
    await pushUpdates(alice, 1)
    await until(() => carol.framesOf('entry').length === 1, 'the entry')
    expect(slow.closedWith).toEqual({ code: CloseCode.overloaded, reason: 'slow consumer' })
    expect(slow.framesOf('entry')).toEqual([])
    expect(logLines).toEqual([expect.stringMatching(/closed 4508: slow consumer: 1001 bytes unsent$/)])
  })

  it('at the limit exactly is still read from', async () => {
    const { relay, board } = await setUp({ limits: { slowConsumerBytes: 1000 } })
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    bob.bufferedAmount = 1000
    await pushUpdates(alice, 1)
    await until(() => bob.framesOf('entry').length === 1, 'the entry')
    expect(bob.closedWith).toBeNull()
  })
})

describe('budgets: reading more slowly instead of closing', () => {
  it('document bytes over the socket’s budget pause the socket for the debt, then resume it; the update is still stored', async () => {
    const { relay, board } = await setUp({ limits: { documentBytesPerSecond: 2000, documentByteBurst: 100 } })
    const alice = await join(relay, board)
    const pushedAt = performance.now()
    alice.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(1, 300) })
    // 200 bytes in debt at 2000 per second: 100 ms unread.
    expect(alice.paused).toBe(true)
    await until(() => alice.framesOf('ack').length === 1, 'the ack')
    await until(() => !alice.paused, 'the resume')
    expect(performance.now() - pushedAt).toBeGreaterThanOrEqual(90)
    expect(alice.pauses).toBe(1)
    expect(alice.closedWith).toBeNull()
  })

  it('a board’s byte budget is shared: one socket’s spending pauses another on the same board', async () => {
    const { relay, board } = await setUp({
      limits: { documentBytesPerSecond: LARGE, documentByteBurst: LARGE, boardBytesPerSecond: 2000, boardByteBurst: 100 },
    })
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    alice.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(1, 80) })
    expect(alice.paused).toBe(false)
    bob.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(2, 80) })
    expect(bob.paused).toBe(true)
    expect(alice.paused).toBe(false)
    await until(() => !bob.paused, 'the resume')
  })

  it('snapshot parts count as document bytes', async () => {
    const { relay, board } = await setUp({ limits: { documentBytesPerSecond: 2000, documentByteBurst: 100 } })
    const alice = await join(relay, board)
    alice.send({ tag: 'beginSnapshot', ref: 1, coversSeq: 0, partCount: 2, carriesChanges: true, keepSeqs: [] })
    alice.send({ tag: 'snapshotPart', ref: 1, index: 0, bytes: sealed(1, 60) })
    expect(alice.paused).toBe(false)
    alice.send({ tag: 'snapshotPart', ref: 1, index: 1, bytes: sealed(2, 60) })
    expect(alice.paused).toBe(true)
  })

  it('awareness and pings do not pause a socket that is within its frame budget, however small its byte budget', async () => {
    const { relay, board } = await setUp({
      limits: {
        documentBytesPerSecond: 1,
        documentByteBurst: 1,
        boardBytesPerSecond: 1,
        boardByteBurst: 1,
        framesPerSecond: 1,
        frameBurst: 10,
      },
    })
    const alice = await join(relay, board)
    for (let i = 1; i <= 3; i++) {
      alice.send({ tag: 'pushAwareness', sealed: sealed(i, 500) })
      alice.send({ tag: 'ping', pingId: i })
    }
    await settle()
    expect(alice.framesOf('pong')).toHaveLength(3)
    expect(alice.paused).toBe(false)
    expect(alice.pauses).toBe(0)

    // The hello and six frames so far; the frame budget holds ten.
    for (let i = 4; i <= 7; i++) alice.send({ tag: 'ping', pingId: i })
    expect(alice.paused).toBe(true)
    expect(alice.closedWith).toBeNull()
  })

  it('presence over the socket’s presence budget pauses only its sender: the partner is not paused and still gets the board’s updates', async () => {
    const { relay, board } = await setUp({ limits: { presenceBytesPerSecond: 1000, presenceByteBurst: 500 } })
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    alice.send({ tag: 'pushAwareness', sealed: sealed(1, 400) })
    expect(alice.paused).toBe(false)
    alice.send({ tag: 'pushAwareness', sealed: sealed(2, 400) })
    expect(alice.paused).toBe(true)
    await pushUpdates(bob, 1)
    await until(() => alice.framesOf('entry').length === 1, 'the entry')
    expect(bob.paused).toBe(false)
    expect(bob.framesOf('awareness')).toHaveLength(2)
    await until(() => !alice.paused, 'the resume')
    expect(alice.closedWith).toBeNull()
  })
})
