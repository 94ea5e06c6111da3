/**
 * What several processes change for one relay, shown with a fan-out a test
 * drives: entries from elsewhere may come out of order or not at all, peer
 * ids must not collide, and a board's seats are shared. The real Redis and
 * PostgreSQL are in tests/integration/scaleOut.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { encodeServerFrame } from '../../../shared/frames.ts'
import { CloseCode } from '../../../shared/protocol.ts'
import { LocalFanout } from '../../../server/fanout/local.ts'
import { processOfPeer } from '../../../server/fanout/peerIds.ts'
import { EntryOrder } from '../../../server/relay/entryOrder.ts'
import { settle, until } from '../../kit/waits.ts'
import { MemoryClient } from '../../kit/relay/memorySocket.ts'
import { hello, join, pushUpdates, sealed, setUp } from '../../kit/relay/relayHarness.ts'

/** A fan-out as another process's would look: its own number, and events that may be lost. */
class OtherProcessFanout extends LocalFanout {
  override readonly processNumber: number
  override readonly lossy = true
  seatLimitReached = false
  readonly #missed: (() => void)[] = []

  constructor(processNumber: number) {
    super()
    this.processNumber = processNumber
  }

  override onMaybeMissed(listener: () => void): void {
    this.#missed.push(listener)
  }

  reconnected(): void {
    for (const listener of this.#missed) listener()
  }

  override async takeSeat(): Promise<{ processes: number } | null> {
    return this.seatLimitReached ? null : { processes: 2 }
  }
}

/** An entry committed by another process: in the log, and (maybe) published to this one. */
async function commitElsewhere(held: Awaited<ReturnType<typeof setUp>>['held'], boardId: string, n: number) {
  const [result] = await held.inner.append([{ kind: 'update', boardId, sealed: sealed(n) }])
  if (result?.status !== 'stored') throw new Error('not stored')
  const frames = [encodeServerFrame({ tag: 'entry', seq: result.seq, sealed: sealed(n) })]
  return { type: 'frames' as const, frames, entrySeq: result.seq }
}

describe('entries from other processes: order or fetch, never drop', () => {
  it('an entry that arrives before the one ahead of it waits, and both are sent in seq order', async () => {
    const fanout = new OtherProcessFanout(1)
    const { relay, held, board } = await setUp({ fanout })
    const alice = await join(relay, board)
    const five = await commitElsewhere(held, board.boardId, 5)
    const six = await commitElsewhere(held, board.boardId, 6)
    fanout.publish(board.boardId, six)
    fanout.publish(board.boardId, five)
    await until(() => alice.framesOf('entry').length === 2, 'both entries')
    expect(alice.transcript().slice(-2)).toEqual(['entry 1', 'entry 2'])
  })

  it('a gap that does not fill is fetched from the log', async () => {
    const fanout = new OtherProcessFanout(1)
    const { relay, held, board } = await setUp({ fanout })
    const alice = await join(relay, board)
    await commitElsewhere(held, board.boardId, 5)
    fanout.publish(board.boardId, await commitElsewhere(held, board.boardId, 6))
    const seqsSent = () =>
      alice.frames.flatMap((f) => (f.tag === 'entries' ? f.entries.map((e) => e.seq) : f.tag === 'entry' ? [f.seq] : []))
    await until(() => seqsSent().length === 2, 'the fetched gap')
    expect(seqsSent()).toEqual([1, 2])
  })

  it("the socket's own acked entry takes its place in the order, so what waited behind it is sent", async () => {
    const fanout = new OtherProcessFanout(1)
    const { relay, held, board } = await setUp({ fanout })
    const alice = await join(relay, board)
    await pushUpdates(alice, 1) // seq 1, alice's own
    fanout.publish(board.boardId, await commitElsewhere(held, board.boardId, 9)) // seq 2
    await until(() => alice.framesOf('entry').length === 1, 'seq 2')
    expect(alice.transcript().slice(-2)).toEqual(['ack 1→1', 'entry 2'])
  })

  it('when the fan-out may have lost events, every socket catches up from the log at once', async () => {
    const fanout = new OtherProcessFanout(1)
    const { relay, held, board } = await setUp({ fanout })
    const alice = await join(relay, board)
    await commitElsewhere(held, board.boardId, 4) // published nowhere: lost
    fanout.reconnected()
    await until(() => alice.framesOf('entries').length === 1, 'the caught-up entry')
    expect(alice.framesOf('entries')[0]!.entries.map((e) => e.seq)).toEqual([1])
  })

  it('a board deleted while its notice was lost closes its sockets at the next check', async () => {
    const fanout = new OtherProcessFanout(1)
    const { relay, held, board } = await setUp({ fanout })
    const alice = await join(relay, board)
    await held.inner.retireBoard(board.boardId, 'deleted')
    fanout.reconnected()
    await until(() => alice.closedWith !== null, 'the close')
    expect(alice.closedWith!.code).toBe(CloseCode.boardGone)
  })
})

describe('joining a board shared with other processes', () => {
  it('the log is not read, nor the welcome sent, until the fan-out has confirmed the room hears every process', async () => {
    let confirm: (() => void) | null = null
    const fanout = new (class extends OtherProcessFanout {
      override async join(...args: Parameters<LocalFanout['join']>): Promise<void> {
        await super.join(...args)
        await new Promise<void>((resolve) => (confirm = resolve))
      }
    })(1)
    const { relay, held, board } = await setUp({ fanout })
    let replayReads = 0
    const readReplay = held.log.readReplay
    held.log.readReplay = (...args) => {
      replayReads++
      return readReplay(...args)
    }
    const alice = MemoryClient.connect(relay)
    hello(alice, board)
    // The join is held unconfirmed: the relay has gone as far as it may, and whatever else it would do has had its turn.
    await until(() => confirm !== null, 'the join to be asked for')
    await settle()
    expect(replayReads).toBe(0)
    expect(alice.transcript()).toEqual([])

    confirm!()
    await until(() => alice.framesOf('replayDone').length === 1, 'the replay')
    expect(replayReads).toBe(1)
  })
})

describe('peer ids and seats across processes', () => {
  it("peer ids carry the process's number, so two processes never hand out the same one", async () => {
    const one = await setUp({ fanout: new OtherProcessFanout(1) })
    const two = await setUp({ fanout: new OtherProcessFanout(2) })
    const a = await join(one.relay, one.board)
    const b = await join(two.relay, two.board)
    const [peerA, peerB] = [a.framesOf('welcome')[0]!.peerId, b.framesOf('welcome')[0]!.peerId]
    expect(peerA).not.toBe(peerB)
    expect([processOfPeer(peerA), processOfPeer(peerB)]).toEqual([1, 2])
  })

  it('a board full across processes refuses the socket with 4529, and its seat here is given back', async () => {
    const fanout = new OtherProcessFanout(1)
    const { relay, board } = await setUp({ fanout, limits: { maxSocketsPerBoard: 2 } })
    fanout.seatLimitReached = true
    const refused = MemoryClient.connect(relay)
    hello(refused, board)
    await until(() => refused.closedWith !== null, 'the refusal')
    expect(refused.closedWith!.code).toBe(CloseCode.tooManyConnections)
    fanout.seatLimitReached = false
    // Both local seats are free again: the refused socket did not keep one.
    await join(relay, board)
    const second = await join(relay, board)
    expect(second.closedWith).toBeNull()
  })
})

describe('EntryOrder', () => {
  it('sends each seq once, in order, whatever order they come in', () => {
    const order = new EntryOrder()
    const f = (n: number) => [new Uint8Array([n])]
    expect(order.accept(2, f(2))).toEqual([])
    expect(order.accept(3, [])).toEqual([]) // held already
    expect(order.accept(1, f(1))).toEqual([f(1), f(2)])
    expect(order.last).toBe(3)
    expect(order.accept(2, f(2))).toEqual([])
    expect(order.accept(6, f(6))).toEqual([])
    expect(order.hasGap).toBe(true)
    expect(order.advanceTo(5)).toEqual([f(6)])
    expect(order.hasGap).toBe(false)
  })
})
