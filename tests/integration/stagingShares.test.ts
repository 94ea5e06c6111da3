/**
 * Snapshot uploads held in memory (issue 20, "a visitor with a script"):
 * the staging budget is shared by the whole process, so each address and
 * each board has a share of it, and an upload that stops gives its bytes
 * back after uploadStallMs. One address that fills its share on its own
 * boards cannot stop another address's snapshot from being stored.
 *
 * Two client addresses on loopback: the visitor's script binds to
 * 127.0.0.1, everyone else to 127.0.0.2 (Linux routes all of 127.0.0.0/8 to lo).
 */
import { describe, expect, it } from 'vitest'
import { CloseCode, SNAPSHOT_PART_BYTES } from '../../shared/protocol.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, seal, type TestBoard } from '../kit/boards.ts'
import { joinBoard, postSnapshot, type RawClient } from '../kit/rawClient.ts'

const MiB = 1024 * 1024
const SOMEONE_ELSE = { localAddress: '127.0.0.2' }
/** A small budget with shares of half of it; uploads read at full speed so the test is quick. */
const SMALL_STAGING = {
  maxStagedSnapshotBytes: 8 * MiB,
  maxStagedSnapshotBytesPerIp: 4 * MiB,
  maxStagedSnapshotBytesPerBoard: 4 * MiB,
  documentBytesPerSecond: 1024 * MiB,
  boardBytesPerSecond: 1024 * MiB,
}
const PARTS_BEGUN = 64

/**
 * On a board of its own, begins a 64-part snapshot and sends `parts` full
 * parts, then an awareness frame that a second socket on the board waits
 * for: the socket's frames are handled in order, so once it arrives every
 * part was staged or refused. Resolves with the uploader's socket.
 */
async function beginAndStop(server: { url: string; wsUrl: string }, parts: number): Promise<RawClient> {
  const board = await createBoard(server)
  const uploader = (await joinBoard(server, board)).client
  const watcher = (await joinBoard(server, board)).client
  const part = (await seal(board, 'x'.repeat(SNAPSHOT_PART_BYTES), 'snapshot')).subarray(0, SNAPSHOT_PART_BYTES)
  uploader.send({ tag: 'beginSnapshot', ref: 1, coversSeq: 0, partCount: PARTS_BEGUN, carriesChanges: true, keepSeqs: [] })
  for (let index = 0; index < parts; index++) uploader.send({ tag: 'snapshotPart', ref: 1, index, bytes: part })
  uploader.send({ tag: 'pushAwareness', sealed: await seal(board, 'here', 'awareness') })
  await Promise.race([watcher.waitFor('awareness', undefined, 10_000), uploader.closed])
  return uploader
}

async function postSmallSnapshot(server: { url: string; wsUrl: string }, board: TestBoard, from = SOMEONE_ELSE) {
  const { client } = await joinBoard(server, board, 0, from)
  return postSnapshot(client, board, 1, 'a board of 20 KB '.padEnd(20_000, '.'), { coversSeq: 0, carriesChanges: true })
}

describe('the staging budget’s shares', () => {
  it('an address that fills its share with uploads it never finishes, on boards of its own, leaves another address’s 20 KB snapshot stored', async () => {
    const { server } = await newServer({ limits: SMALL_STAGING })
    // Two parts on each of four boards: the whole budget, were it not for the address's share.
    const uploads = []
    for (let board = 0; board < 4; board++) uploads.push(await beginAndStop(server, 2))

    const answer = await postSmallSnapshot(server, await createBoard(server))
    expect(answer).toMatchObject({ tag: 'ack' })
    // Its share held two boards' parts; the third board's first part was past it.
    const refused = await Promise.all(uploads.map((upload) => Promise.race([upload.closed, Promise.resolve(null)])))
    expect(refused.filter((close) => close?.code === CloseCode.overloaded).length).toBeGreaterThanOrEqual(1)
  })

  it('an upload that stops is dropped after uploadStallMs: its socket is closed with 4508 and its address’s share is free again', async () => {
    const { server, logLines } = await newServer({ limits: { ...SMALL_STAGING, uploadStallMs: 500 } })
    const stalled = await beginAndStop(server, 3)
    expect(await stalled.waitForClose(10_000)).toEqual({ code: CloseCode.overloaded, reason: 'snapshot upload stalled' })
    expect(logLines).toContainEqual(expect.stringMatching(/closed 4508: snapshot upload stalled: no part for 500 ms$/))

    // The same address may stage its whole share again.
    const board = await createBoard(server)
    const { client } = await joinBoard(server, board)
    const answer = await postSnapshot(client, board, 1, 'y'.repeat(3 * MiB), { coversSeq: 0, carriesChanges: true, timeoutMs: 10_000 })
    expect(answer).toMatchObject({ tag: 'ack' })
  })
})
