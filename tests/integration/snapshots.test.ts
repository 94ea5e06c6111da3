/**
 * Snapshots keep the log short (docs/design.md "The wire"): a snapshot is an
 * entry of its own that covers the log up to a seq and replaces the updates
 * it covers, except the ones its poster could not read; it travels in parts;
 * the others are told it was stored; older snapshots are pruned; and a board
 * whose tail is too long refuses appends until one comes.
 */
import { describe, expect, it } from 'vitest'
import { RejectReason } from '../../shared/protocol.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, seal, type TestBoard } from '../kit/boards.ts'
import { describeReplay, joinBoard, postSnapshot, unsealSnapshot, type Joined } from '../kit/rawClient.ts'
import { countStoredUpdates, storedSnapshotSeqs, storedUpdateSeqs } from '../kit/storedLog.ts'

let nextRef = 1000

async function pushUpdates(board: TestBoard, { client }: Joined, count: number): Promise<number[]> {
  const seqs: number[] = []
  for (let i = 0; i < count; i++) seqs.push(await client.pushUpdate(nextRef++, await seal(board, `update ${nextRef}`)))
  return seqs
}

describe('snapshots', () => {
  it('a snapshot gets a seq of its own, shortens the stored log, and a fresh client replays it and only later updates', async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    const other = await joinBoard(server, board)
    await pushUpdates(board, writer, 10)
    expect(countStoredUpdates(dataDir, board.boardId)).toBe(10)

    expect(await postSnapshot(writer.client, board, nextRef++, 'state at 10', { coversSeq: 10 })).toMatchObject({ tag: 'ack', seq: 11 })
    expect(countStoredUpdates(dataDir, board.boardId)).toBe(0)
    // A pure snapshot holds nothing the others lack: they get a notice, not the content.
    await other.client.waitFor('snapshotStored', (n) => n.seq === 11 && n.coversSeq === 10)
    expect(other.client.framesOf('snapshotPart')).toEqual([])

    await pushUpdates(board, writer, 2)
    const fresh = await joinBoard(server, board)
    expect(describeReplay(fresh.replay)).toEqual(['snapshot 11 covers 10 part 0/1', 'update 12', 'update 13'])
    expect(await unsealSnapshot(board, fresh.replay, 11)).toBe('state at 10')
    expect(fresh.headSeq).toBe(13)
  })

  it('a snapshot larger than a frame travels in parts and comes back whole', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    await pushUpdates(board, writer, 1)
    const big = 'x'.repeat(100_000)
    expect(await postSnapshot(writer.client, board, nextRef++, big, { coversSeq: 1, partBytes: 30_000 })).toMatchObject({
      tag: 'ack',
      seq: 2,
    })
    const fresh = await joinBoard(server, board)
    expect(describeReplay(fresh.replay)).toEqual([0, 1, 2, 3].map((i) => `snapshot 2 covers 1 part ${i}/4`))
    expect(await unsealSnapshot(board, fresh.replay, 2)).toBe(big)
  })

  it('a snapshot carrying changes is fanned out whole, so the others hold them too', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    const other = await joinBoard(server, board)
    await pushUpdates(board, writer, 2)
    const ack = await postSnapshot(writer.client, board, nextRef++, 'a day of offline work', { coversSeq: 2, carriesChanges: true })
    expect(ack).toMatchObject({ tag: 'ack', seq: 3 })
    await other.client.waitFor('snapshotPart', (p) => p.seq === 3)
    expect(await unsealSnapshot(board, other.client.frames, 3)).toBe('a day of offline work')
  })

  it('a snapshot never deletes an entry it does not contain: the seqs it keeps stay in the log and in every replay', async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    await pushUpdates(board, writer, 5)
    expect(await postSnapshot(writer.client, board, nextRef++, 'all but 2 and 4', { coversSeq: 5, keepSeqs: [2, 4] })).toMatchObject({
      seq: 6,
    })
    expect(storedUpdateSeqs(dataDir, board.boardId)).toEqual([2, 4])
    const fresh = await joinBoard(server, board)
    expect(describeReplay(fresh.replay)).toEqual(['snapshot 6 covers 5 part 0/1', 'update 2', 'update 4'])
  })

  it('a snapshot must contain the latest snapshot and may not cover seqs the log never assigned', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    await pushUpdates(board, writer, 5)
    const post = (coversSeq: number) => postSnapshot(writer.client, board, nextRef++, `state at ${coversSeq}`, { coversSeq })
    expect(await post(6)).toMatchObject({ tag: 'reject', reason: RejectReason.snapshotOutOfRange })
    expect(await post(4)).toMatchObject({ tag: 'ack', seq: 6 })
    // Covering 5 misses snapshot 6 (a snapshot that won the race): refused.
    expect(await post(5)).toMatchObject({ tag: 'reject', reason: RejectReason.snapshotOutOfRange })
    expect(await post(6)).toMatchObject({ tag: 'ack', seq: 7 })
    // A rejection leaves the socket open.
    await pushUpdates(board, writer, 1)
  })

  it("snapshots stay as the board's history: the three newest, and within its retention the day's first", async () => {
    for (const [historyRetentionMs, kept] of [
      [undefined, [2, 6, 8, 10]],
      [0, [6, 8, 10]],
    ] as const) {
      const { server, dataDir } = await newServer({ historyRetentionMs })
      const board = await createBoard(server)
      const writer = await joinBoard(server, board)
      for (let round = 1; round <= 5; round++) {
        const [head] = await pushUpdates(board, writer, 1)
        await postSnapshot(writer.client, board, nextRef++, `round ${round}`, { coversSeq: head! })
      }
      expect(storedSnapshotSeqs(dataDir, board.boardId), `retention ${historyRetentionMs}`).toEqual(kept)
    }
  })

  it('a full log refuses appends with logFull, keeps the socket open, and accepts them again after a snapshot', async () => {
    const { server } = await newServer({ limits: { maxTailUpdates: 5 } })
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    const seqs = await pushUpdates(board, writer, 5)

    const ref = nextRef++
    writer.client.send({ tag: 'pushUpdate', ref, sealed: await seal(board, 'one too many') })
    expect(await writer.client.waitFor('reject', (r) => r.ref === ref)).toMatchObject({ reason: RejectReason.logFull })

    expect(
      await postSnapshot(writer.client, board, nextRef++, 'with the refused change', { coversSeq: seqs.at(-1)!, carriesChanges: true }),
    ).toMatchObject({ tag: 'ack', seq: 6 })
    expect(await pushUpdates(board, writer, 1)).toEqual([7])
  })

  it('updates pushed in one burst count toward the tail before they are committed', async () => {
    const { server } = await newServer({ limits: { maxTailUpdates: 5 } })
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    const sealed = await Promise.all(Array.from({ length: 8 }, (_, i) => seal(board, `burst ${i}`)))
    sealed.forEach((s, i) => writer.client.send({ tag: 'pushUpdate', ref: i + 1, sealed: s }))
    await writer.client.waitUntil((frames) => frames.filter((f) => f.tag === 'ack' || f.tag === 'reject').length === 8, '8 answers')
    expect(writer.client.framesOf('ack').map((a) => a.ref)).toEqual([1, 2, 3, 4, 5])
    expect(writer.client.framesOf('reject').map((r) => r.ref)).toEqual([6, 7, 8])
  })

  it('a snapshot part out of order closes the socket with 4400', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    writer.client.send({ tag: 'beginSnapshot', ref: 1, coversSeq: 0, partCount: 2, carriesChanges: false, keepSeqs: [] })
    writer.client.send({ tag: 'snapshotPart', ref: 1, index: 1, bytes: new Uint8Array(10) })
    expect((await writer.client.waitForClose()).code).toBe(4400)
  })
})
