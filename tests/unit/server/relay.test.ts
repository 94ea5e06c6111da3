/**
 * The relay with in-memory sockets and a log whose answers a test can hold
 * back: joining while others write, resuming from knownSeq, snapshots in
 * parts, the one catch at the socket boundary, and a graceful restart.
 * Admission and pacing have files of their own.
 */
import { describe, expect, it } from 'vitest'
import { CloseCode, RejectReason, SERVICE_RESTART, ServerTag } from '../../../shared/protocol.ts'
import { LocalFanout } from '../../../server/fanout/local.ts'
import { settle, until } from '../../kit/waits.ts'
import { MemoryClient } from '../../kit/relay/memorySocket.ts'
import { hello, join, postSnapshot, pushUpdates, sealed, setUp } from '../../kit/relay/relayHarness.ts'
import { readWholeReplay } from '../../../server/log/wholeReads.ts'

describe('joining while others write: nothing missed, nothing doubled', () => {
  it('an entry committed after the replay was read is held back and delivered once, after replayDone', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const openReplay = held.holdNextReplay('read-first')
    const bob = MemoryClient.connect(relay)
    hello(bob, board)
    await until(() => bob.framesOf('welcome').length === 1, 'bob in the room')

    await pushUpdates(alice, 1)
    expect(bob.transcript()).toEqual(['welcome from 0'])

    openReplay()
    await until(() => bob.framesOf('entry').length === 1, 'the held-back entry')
    expect(bob.transcript()).toEqual(['welcome from 0', 'replayDone 0', 'entry 1'])
  })

  it('an entry committed before the replay was read is in the replay, and its live copy is dropped', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const openReplay = held.holdNextReplay('wait-first')
    const bob = MemoryClient.connect(relay)
    hello(bob, board)
    await until(() => bob.framesOf('welcome').length === 1, 'bob in the room')

    await pushUpdates(alice, 1)
    openReplay()
    await until(() => bob.framesOf('replayDone').length === 1, 'the replay')
    await pushUpdates(alice, 1, 2)
    await until(() => bob.framesOf('entry').length === 1, 'the next live entry')
    expect(bob.transcript()).toEqual(['welcome from 0', 'entries 1', 'replayDone 1', 'entry 2'])
  })

  it('awareness and departures that happen during the replay arrive after it', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const carol = await join(relay, board)
    const openReplay = held.holdNextReplay('read-first')
    const bob = MemoryClient.connect(relay)
    hello(bob, board)
    await until(() => bob.framesOf('welcome').length === 1, 'bob in the room')
    alice.send({ tag: 'pushAwareness', sealed: sealed(9) })
    carol.disconnect()
    openReplay()
    await until(() => bob.framesOf('peerLeft').length === 1, 'the departure')
    expect(bob.transcript()).toEqual(['welcome from 0', 'replayDone 0', 'awareness', 'peerLeft'])
  })

  it('the replay waits while the socket has more than replayHighWaterBytes unsent, and goes on once it drains', async () => {
    const { relay, board } = await setUp({ limits: { replayHighWaterBytes: 100 } })
    await pushUpdates(await join(relay, board), 3)
    const bob = MemoryClient.connect(relay)
    bob.bufferedAmount = 1000
    hello(bob, board)
    await until(() => bob.framesOf('welcome').length === 1, 'the welcome')
    await settle()
    expect(bob.transcript()).toEqual(['welcome from 0'])
    // Drained to half the high-water mark before it goes on, so it does not wake for every frame.
    bob.bufferedAmount = 60
    await settle()
    expect(bob.transcript()).toEqual(['welcome from 0'])
    bob.bufferedAmount = 0
    await until(() => bob.framesOf('replayDone').length === 1, 'the rest of the replay')
    // The updates of a replay go many to a frame.
    expect(bob.transcript()).toEqual(['welcome from 0', 'entries 1,2,3', 'replayDone 3'])
  })
})

describe('resuming from knownSeq', () => {
  it('a hello with knownSeq gets welcome.replayFrom = knownSeq and only the newer entries', async () => {
    const { relay, board } = await setUp()
    await pushUpdates(await join(relay, board), 3)
    const bob = await join(relay, board, { knownSeq: 2 })
    expect(bob.transcript()).toEqual(['welcome from 2', 'entries 3', 'replayDone 3'])
  })

  it('a knownSeq beyond the head gets replayFrom 0 and the whole log (this log is not the one the client knew)', async () => {
    const { relay, board } = await setUp()
    await pushUpdates(await join(relay, board), 2)
    const bob = await join(relay, board, { knownSeq: 50 })
    expect(bob.transcript()).toEqual(['welcome from 0', 'entries 1,2', 'replayDone 2'])
  })

  it('a pure snapshot the client holds is replayed as a notice; a client behind it gets its parts', async () => {
    const { relay, board } = await setUp()
    const alice = await join(relay, board)
    await pushUpdates(alice, 3)
    postSnapshot(alice, { ref: 10, coversSeq: 3, parts: [sealed(1), sealed(2)] })
    await until(() => alice.framesOf('ack').length === 4, 'the snapshot ack')

    expect((await join(relay, board, { knownSeq: 3 })).transcript()).toEqual([
      'welcome from 3',
      'snapshotStored 4 covers 3',
      'replayDone 4',
    ])
    expect((await join(relay, board, { knownSeq: 4 })).transcript()).toEqual(['welcome from 4', 'replayDone 4'])
    expect((await join(relay, board, { knownSeq: 1 })).transcript()).toEqual([
      'welcome from 1',
      'snapshotPart 4 covers 3 part 1/2',
      'snapshotPart 4 covers 3 part 2/2',
      'replayDone 4',
    ])
  })
})

describe('snapshots in parts', () => {
  it('a pure snapshot in 3 parts is stored; the poster is acked with its seq, the others get a snapshotStored notice', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    await pushUpdates(alice, 2)
    postSnapshot(alice, { ref: 10, coversSeq: 2, parts: [sealed(1), sealed(2, 5), sealed(3)] })
    await until(() => alice.framesOf('ack').length === 3, 'the snapshot ack')
    expect(alice.transcript().at(-1)).toBe('ack 10→3')
    await until(() => bob.framesOf('snapshotStored').length === 1, 'the notice')
    expect(bob.transcript()).toEqual(['welcome from 0', 'replayDone 0', 'entry 1', 'entry 2', 'snapshotStored 3 covers 2'])
    expect(held.appendCalls).toBe(3)
    const stored = await readWholeReplay(held.inner, board.boardId, 0)
    expect(stored?.snapshot?.parts?.map((part) => [...part])).toEqual([
      [1, 1, 1],
      [2, 2, 2, 2, 2],
      [3, 3, 3],
    ])
    expect(stored?.updates).toEqual([])
  })

  it('a snapshot that carries changes reaches the others as its parts, in order', async () => {
    const { relay, board } = await setUp()
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    postSnapshot(alice, { ref: 1, coversSeq: 0, carriesChanges: true, parts: [sealed(1), sealed(2), sealed(3)] })
    await until(() => bob.framesOf('snapshotPart').length === 3, 'the parts')
    expect(bob.transcript().slice(2)).toEqual([
      'snapshotPart 1 covers 0 part 1/3',
      'snapshotPart 1 covers 0 part 2/3',
      'snapshotPart 1 covers 0 part 3/3',
    ])
    expect(bob.framesOf('snapshotPart').map((part) => part.bytes[0])).toEqual([1, 2, 3])
    expect(alice.transcript().at(-1)).toBe('ack 1→1')
  })

  it('a part out of order closes the socket with 4400 and nothing is stored', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    alice.send({ tag: 'beginSnapshot', ref: 1, coversSeq: 0, partCount: 3, carriesChanges: false, keepSeqs: [] })
    alice.send({ tag: 'snapshotPart', ref: 1, index: 0, bytes: sealed(1) })
    alice.send({ tag: 'snapshotPart', ref: 1, index: 2, bytes: sealed(3) })
    await until(() => alice.closedWith !== null, 'the close')
    expect(alice.closedWith).toEqual({ code: CloseCode.protocolError, reason: 'snapshot part 2 of ref 1 out of order' })
    await settle()
    expect(held.appendCalls).toBe(0)
  })

  it('a part without a beginSnapshot, and a second beginSnapshot before the first ends, close with 4400', async () => {
    const { relay, board } = await setUp()
    const stray = await join(relay, board)
    stray.send({ tag: 'snapshotPart', ref: 1, index: 0, bytes: sealed(1) })
    await until(() => stray.closedWith !== null, 'the close')
    expect(stray.closedWith).toEqual({ code: CloseCode.protocolError, reason: 'a snapshot part without beginSnapshot' })

    const twice = await join(relay, board)
    twice.send({ tag: 'beginSnapshot', ref: 1, coversSeq: 0, partCount: 2, carriesChanges: false, keepSeqs: [] })
    twice.send({ tag: 'beginSnapshot', ref: 2, coversSeq: 0, partCount: 2, carriesChanges: false, keepSeqs: [] })
    await until(() => twice.closedWith !== null, 'the close')
    expect(twice.closedWith?.code).toBe(CloseCode.protocolError)
  })

  it('an upload cut off by a closed socket gives its staged bytes back', async () => {
    const { relay, board } = await setUp({ limits: { maxStagedSnapshotBytes: 10 } })
    const alice = await join(relay, board)
    alice.send({ tag: 'beginSnapshot', ref: 1, coversSeq: 0, partCount: 2, carriesChanges: true, keepSeqs: [] })
    alice.send({ tag: 'snapshotPart', ref: 1, index: 0, bytes: sealed(1, 8) })
    await settle()
    alice.disconnect()
    const bob = await join(relay, board)
    postSnapshot(bob, { ref: 1, coversSeq: 0, carriesChanges: true, parts: [sealed(2, 10)] })
    await until(() => bob.framesOf('ack').length === 1, 'the ack')
    // Stored and released: the whole budget is free again.
    postSnapshot(bob, { ref: 2, coversSeq: 1, parts: [sealed(3, 10)] })
    await until(() => bob.framesOf('ack').length === 2, 'the second ack')
  })

  it('a snapshot the log refuses as out of range is rejected, and the socket stays open', async () => {
    const { relay, board } = await setUp()
    const alice = await join(relay, board)
    await pushUpdates(alice, 1)
    postSnapshot(alice, { ref: 7, coversSeq: 5, parts: [sealed(1)] })
    await until(() => alice.framesOf('reject').length === 1, 'the reject')
    expect(alice.framesOf('reject')).toEqual([{ tag: 'reject', ref: 7, reason: RejectReason.snapshotOutOfRange }])
    await pushUpdates(alice, 1, 8)
    expect(alice.closedWith).toBeNull()
  })

  it('an update past the tail limit is rejected as log full until a snapshot shortens the tail', async () => {
    const { relay, board } = await setUp({ limits: { maxTailUpdates: 2 } })
    const alice = await join(relay, board)
    await pushUpdates(alice, 2)
    alice.send({ tag: 'pushUpdate', ref: 3, sealed: sealed(3) })
    await until(() => alice.framesOf('reject').length === 1, 'the reject')
    expect(alice.framesOf('reject')).toEqual([{ tag: 'reject', ref: 3, reason: RejectReason.logFull }])
    postSnapshot(alice, { ref: 4, coversSeq: 2, parts: [sealed(4)] })
    await until(() => alice.framesOf('ack').length === 3, 'the snapshot ack')
    await pushUpdates(alice, 1, 5)
  })
})

describe('the one catch at the socket boundary', () => {
  it('an unexpected error in a handler closes only that socket with 1011 and logs one line', async () => {
    const fanout = new (class extends LocalFanout {
      override publish(...args: Parameters<LocalFanout['publish']>): void {
        const [, event] = args
        if (event.type === 'frames' && event.frames[0]![0] === ServerTag.awareness) throw new Error('awareness exploded')
        super.publish(...args)
      }
    })()
    const { relay, board, logLines } = await setUp({ fanout })
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    alice.send({ tag: 'pushAwareness', sealed: sealed(1) })
    await until(() => alice.closedWith !== null, 'the close')
    expect(alice.closedWith).toEqual({ code: 1011, reason: 'internal error' })
    expect(logLines).toEqual([expect.stringMatching(/^relay: board=\S+ peer=\d+ closed 1011: unexpected error: awareness exploded$/)])

    const carol = await join(relay, board)
    await pushUpdates(bob, 1)
    await until(() => carol.framesOf('entry').length === 1, 'the entry')
  })

  it('a text frame closes the socket with 4400', async () => {
    const { relay, board } = await setUp()
    const alice = await join(relay, board)
    alice.sendBytes(new TextEncoder().encode('hello?'), false)
    expect(alice.closedWith).toEqual({ code: CloseCode.protocolError, reason: 'text frames are not part of the protocol' })
  })

  it('a socket that closes while its append commits is not acked, but the others still get the entry', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    const commit = held.holdAppends()
    alice.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(1) })
    await until(() => held.appendCalls === 1, 'the commit to start')
    alice.disconnect()
    commit()
    await until(() => bob.framesOf('entry').length === 1, 'the entry')
    expect(alice.framesOf('ack')).toEqual([])
  })
})

describe('a graceful restart', () => {
  it('Relay.close() closes no socket before a commit in flight finishes: the ack goes out, then 1012', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    const commit = held.holdAppends()
    alice.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(1) })
    await until(() => held.appendCalls === 1, 'the commit to start')

    let closed = false
    const closing = relay.close().then(() => (closed = true))
    await settle()
    expect(closed).toBe(false)
    expect(alice.closedWith).toBeNull()
    expect(bob.closedWith).toBeNull()
    // Frames after close began are not taken: the client resends what was not acked.
    alice.send({ tag: 'pushUpdate', ref: 2, sealed: sealed(2) })

    commit()
    await closing
    expect(alice.transcript().slice(2)).toEqual(['ack 1→1'])
    expect(bob.transcript()[2]).toBe('entry 1')
    expect(alice.closedWith).toEqual({ code: SERVICE_RESTART, reason: 'server restarting' })
    expect(bob.closedWith).toEqual({ code: SERVICE_RESTART, reason: 'server restarting' })
    expect(held.appendCalls).toBe(1)
  })

  it('closing the relay closes every socket with 1012, also one still to say hello, and turns new ones away', async () => {
    const { relay, board } = await setUp()
    const alice = await join(relay, board)
    const waiting = MemoryClient.connect(relay)
    await relay.close()
    expect(alice.closedWith).toEqual({ code: SERVICE_RESTART, reason: 'server restarting' })
    expect(waiting.closedWith).toEqual({ code: SERVICE_RESTART, reason: 'server restarting' })
    expect(relay.connectionCount).toBe(0)
    expect(MemoryClient.connect(relay).closedWith).toEqual({ code: SERVICE_RESTART, reason: 'server restarting' })
  })
})
