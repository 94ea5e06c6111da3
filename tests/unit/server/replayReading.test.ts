/**
 * A replay is read from the log part by part as its reader takes it
 * (server/relay/replaySender.ts): a reader that takes nothing costs one
 * part, is cut off after readerStallMs, and counts against its address's
 * reader budget; a part that goes from the log meanwhile ends the replay
 * with the close code that says why. Memory sockets: a client with
 * bufferedAmount > 0 has not taken what it was sent.
 */
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../../shared/protocol.ts'
import { settle, until } from '../../kit/waits.ts'
import { MemoryClient } from '../../kit/relay/memorySocket.ts'
import { hello, join, postSnapshot, pushUpdates, sealed, setUp, type Board } from '../../kit/relay/relayHarness.ts'

const NOT_READING = 1
/** An address budget every read fills: a reader holding anything must wait for it to be taken. */
const ONE_READ_AT_A_TIME = { readerBytesPerIp: 1 }

/** A board whose latest snapshot (seq 4, covering 3) is stored in `partCount` parts. */
async function boardWithSnapshot(setup: Awaited<ReturnType<typeof setUp>>, partCount: number): Promise<MemoryClient> {
  const alice = await join(setup.relay, setup.board)
  await pushUpdates(alice, 3)
  postSnapshot(alice, { ref: 10, coversSeq: 3, parts: Array.from({ length: partCount }, (_, i) => sealed(i + 1)) })
  await until(() => alice.framesOf('ack').length === 4, 'the snapshot ack')
  return alice
}

/** Counts the log's part reads. */
function countPartReads(setup: Awaited<ReturnType<typeof setUp>>): () => number {
  let reads = 0
  const read = setup.held.log.readSnapshotPart
  setup.held.log.readSnapshotPart = (...args) => {
    reads++
    return read(...args)
  }
  return () => reads
}

/** A client that says hello and takes nothing it is sent. */
function nonReader(setup: Awaited<ReturnType<typeof setUp>>, board: Board = setup.board, address?: string): MemoryClient {
  const client = MemoryClient.connect(setup.relay, address)
  client.bufferedAmount = NOT_READING
  hello(client, board)
  return client
}

describe('a replay read part by part', () => {
  it('a reader that takes nothing is sent one part, and the log is asked for the next only once it took it', async () => {
    const setup = await setUp({ limits: ONE_READ_AT_A_TIME })
    await boardWithSnapshot(setup, 3)
    const partReads = countPartReads(setup)
    const bob = nonReader(setup)
    await until(() => bob.framesOf('snapshotPart').length === 1, 'the first part')
    await settle()
    expect(partReads()).toBe(1)
    expect(bob.transcript()).toEqual(['welcome from 0', 'snapshotPart 4 covers 3 part 1/3'])

    bob.bufferedAmount = 0
    await until(() => bob.framesOf('replayDone').length === 1, 'the rest of the replay')
    expect(partReads()).toBe(3)
    expect(bob.closedWith).toBeNull()
  })

  it('a reader that takes nothing for readerStallMs is closed as a slow consumer (4508), and what it held goes back to its address', async () => {
    const setup = await setUp({ limits: { ...ONE_READ_AT_A_TIME, readerStallMs: 50 } })
    await boardWithSnapshot(setup, 3)
    const bob = nonReader(setup)
    await until(() => bob.closedWith !== null, { what: 'the cut-off', timeoutMs: 2000 })
    expect(bob.closedWith).toEqual({ code: CloseCode.overloaded, reason: 'slow consumer' })
    expect(setup.logLines).toContainEqual(expect.stringMatching(/closed 4508: slow consumer: took nothing of its replay for 50 ms$/))
    // The address's budget is free again: a reader from it goes straight through.
    const carol = await join(setup.relay, setup.board)
    expect(carol.transcript().at(-1)).toBe('replayDone 4')
  })

  it('replays from one address share its budget: one waits while another holds it, a reader from elsewhere does not', async () => {
    const setup = await setUp({ limits: ONE_READ_AT_A_TIME })
    await boardWithSnapshot(setup, 2)
    const bob = nonReader(setup)
    await until(() => bob.framesOf('snapshotPart').length === 1, 'bob’s first part')
    const sameAddress = MemoryClient.connect(setup.relay)
    hello(sameAddress, setup.board)
    const elsewhere = await join(setup.relay, setup.board, { address: '198.51.100.2' })
    expect(elsewhere.transcript().at(-1)).toBe('replayDone 4')
    await settle()
    expect(sameAddress.transcript()).toEqual(['welcome from 0'])

    bob.bufferedAmount = 0
    await until(() => sameAddress.framesOf('replayDone').length === 1, 'the waiting replay')
  })
})

describe('a replay whose log changes under it', () => {
  it('a snapshot let go by the history while it is sent closes the socket with 4509, a retry', async () => {
    const setup = await setUp({ limits: ONE_READ_AT_A_TIME, logOptions: { historyRetentionMs: 0 } })
    const alice = await boardWithSnapshot(setup, 2)
    const bob = nonReader(setup)
    await until(() => bob.framesOf('snapshotPart').length === 1, 'the first part')
    // Three newer snapshots: past the retention only the three newest are kept.
    for (const ref of [11, 12, 13]) {
      const covers = alice.framesOf('ack').at(-1)!.seq
      postSnapshot(alice, { ref, coversSeq: covers, parts: [sealed(ref)] })
      await until(() => alice.framesOf('ack').some((ack) => ack.ref === ref), `snapshot ${ref}`)
    }
    bob.bufferedAmount = 0
    await until(() => bob.closedWith !== null, 'the close')
    expect(bob.closedWith?.code).toBe(CloseCode.replayInterrupted)
    expect(bob.framesOf('replayDone')).toEqual([])
  })

  it('a board deleted while its snapshot is sent closes the socket with 4410, final', async () => {
    const setup = await setUp({ limits: ONE_READ_AT_A_TIME })
    await boardWithSnapshot(setup, 2)
    const bob = nonReader(setup)
    await until(() => bob.framesOf('snapshotPart').length === 1, 'the first part')
    // Deleted in the log only, so nothing but the replay's next read can notice.
    await setup.held.inner.retireBoard(setup.board.boardId, 'deleted')
    bob.bufferedAmount = 0
    await until(() => bob.closedWith !== null, 'the close')
    expect(bob.closedWith).toEqual({ code: CloseCode.boardGone, reason: 'board deleted' })
  })

  it('updates a snapshot dropped while their replay was paged close the socket with 4509', async () => {
    const setup = await setUp({ limits: ONE_READ_AT_A_TIME })
    const alice = await join(setup.relay, setup.board)
    // Three updates of 600 kB: the first page holds two (past 1 MiB), the third is a page of its own.
    for (const ref of [1, 2, 3]) {
      alice.send({ tag: 'pushUpdate', ref, sealed: sealed(ref, 600_000) })
      await until(() => alice.framesOf('ack').length === ref, `update ${ref}`)
    }
    const bob = nonReader(setup)
    await until(() => bob.framesOf('entries').length > 0, 'the first page')
    postSnapshot(alice, { ref: 10, coversSeq: 3, parts: [sealed(9)] })
    await until(() => alice.framesOf('ack').length === 4, 'the snapshot')
    bob.bufferedAmount = 0
    await until(() => bob.closedWith !== null, 'the close')
    expect(bob.closedWith?.code).toBe(CloseCode.replayInterrupted)
    expect(bob.framesOf('entries').flatMap((frame) => frame.entries.map((entry) => entry.seq))).toEqual([1, 2])
  })

  it('live traffic held back behind a slow replay is bounded like a slow consumer’s output (4508)', async () => {
    const setup = await setUp({ limits: { ...ONE_READ_AT_A_TIME, slowConsumerBytes: 1000 } })
    const alice = await boardWithSnapshot(setup, 2)
    const bob = nonReader(setup)
    await until(() => bob.framesOf('snapshotPart').length === 1, 'the first part')
    alice.send({ tag: 'pushUpdate', ref: 20, sealed: sealed(20, 600) })
    await until(() => alice.framesOf('ack').some((ack) => ack.ref === 20), 'the first update')
    expect(bob.closedWith).toBeNull()
    alice.send({ tag: 'pushUpdate', ref: 21, sealed: sealed(21, 600) })
    await until(() => bob.closedWith !== null, 'the close')
    expect(bob.closedWith).toEqual({ code: CloseCode.overloaded, reason: 'slow consumer' })
    expect(setup.logLines).toContainEqual(expect.stringMatching(/slow consumer: \d+ bytes held back behind its replay$/))
  })
})
