/**
 * Snapshots keep the log short (DESIGN.md "The wire"): a snapshot covering
 * the log up to a seq replaces the updates before it, older snapshots are
 * pruned, and a board whose tail is too long refuses appends until one comes.
 */
import { describe, expect, it } from 'vitest'
import type { ServerFrame } from '../../shared/frames.ts'
import { EntryKind, RejectReason } from '../../shared/protocol.ts'
import { newServer } from './helpers/newServer.ts'
import { createBoard, joinBoard, seal, type Joined, type TestBoard } from './helpers/rawClient.ts'
import { countStoredUpdates, storedSnapshotSeqs } from './helpers/storedLog.ts'

let nextRef = 1000

async function pushUpdates(board: TestBoard, { client }: Joined, count: number): Promise<number[]> {
  const seqs: number[] = []
  for (let i = 0; i < count; i++) seqs.push(await client.pushUpdate(nextRef++, await seal(board, `update ${nextRef}`)))
  return seqs
}

async function pushSnapshot(board: TestBoard, { client }: Joined, coversSeq: number) {
  const ref = nextRef++
  client.send({ tag: 'pushSnapshot', ref, coversSeq, sealed: await seal(board, `state at ${coversSeq}`, 'snapshot') })
  const isAnswer = (f: ServerFrame) => (f.tag === 'ack' || f.tag === 'reject') && f.ref === ref
  await client.waitUntil((frames) => frames.some(isAnswer), `an answer to ref ${ref}`)
  return client.frames.find(isAnswer)
}

describe('snapshots', () => {
  it('a snapshot covering the head shortens the stored log, and a fresh client replays the snapshot and only later updates', async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    const other = await joinBoard(server, board)
    await pushUpdates(board, writer, 10)
    expect(countStoredUpdates(dataDir, board.boardId)).toBe(10)

    expect(await pushSnapshot(board, writer, 10)).toEqual({ tag: 'ack', ref: expect.any(Number), seq: 10 })
    expect(countStoredUpdates(dataDir, board.boardId)).toBe(0)
    // Snapshots are not fanned out: the others already have every update in it.
    expect(other.client.framesOf('entry').filter((e) => e.kind === EntryKind.snapshot)).toEqual([])

    await pushUpdates(board, writer, 2)
    const fresh = await joinBoard(server, board)
    expect(fresh.replay.map((e) => [e.kind, e.seq])).toEqual([
      [EntryKind.snapshot, 10],
      [EntryKind.update, 11],
      [EntryKind.update, 12],
    ])
    expect(fresh.headSeq).toBe(12)
  })

  it('a snapshot that covers no more than the latest one, or more than the log holds, is rejected as out of range', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    await pushUpdates(board, writer, 5)
    expect(await pushSnapshot(board, writer, 6)).toMatchObject({ tag: 'reject', reason: RejectReason.snapshotOutOfRange })
    expect(await pushSnapshot(board, writer, 4)).toMatchObject({ tag: 'ack', seq: 4 })
    expect(await pushSnapshot(board, writer, 4)).toMatchObject({ tag: 'reject', reason: RejectReason.snapshotOutOfRange })
    expect(await pushSnapshot(board, writer, 3)).toMatchObject({ tag: 'reject', reason: RejectReason.snapshotOutOfRange })
    expect(await pushSnapshot(board, writer, 5)).toMatchObject({ tag: 'ack', seq: 5 })
    // A rejection leaves the socket open.
    await pushUpdates(board, writer, 1)
  })

  it('at most the three newest snapshots are kept', async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    for (let covers = 1; covers <= 5; covers++) {
      await pushUpdates(board, writer, 1)
      expect(await pushSnapshot(board, writer, covers)).toMatchObject({ tag: 'ack', seq: covers })
    }
    expect(storedSnapshotSeqs(dataDir, board.boardId)).toEqual([3, 4, 5])
  })

  it('a full log refuses appends with logFull, keeps the socket open, and accepts them again after a snapshot', async () => {
    const { server } = await newServer({ limits: { maxTailUpdates: 5 } })
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    const seqs = await pushUpdates(board, writer, 5)

    const ref = nextRef++
    writer.client.send({ tag: 'pushUpdate', ref, sealed: await seal(board, 'one too many') })
    expect(await writer.client.waitFor('reject', (r) => r.ref === ref)).toMatchObject({ reason: RejectReason.logFull })

    expect(await pushSnapshot(board, writer, seqs.at(-1)!)).toMatchObject({ tag: 'ack' })
    expect(await pushUpdates(board, writer, 1)).toEqual([6])
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
})
