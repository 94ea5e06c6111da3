/**
 * What one board, and the whole server, may store (docs/protocol.md,
 * "Limits"), against the real server process and its settings: a write past
 * either is refused with a calm `reject`, never a close, and everything acked
 * before stays; other boards keep working; a snapshot that frees as much as
 * it takes is still stored, so a full board can be made smaller.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { RejectReason } from '../../shared/protocol.ts'
import { createBoard, seal, type TestBoard, unseal } from '../kit/boards.ts'
import { joinBoard, postSnapshot, type RawClient } from '../kit/rawClient.ts'
import { startServerProcess } from '../kit/serverProcess.ts'
import { withStoredLog } from '../kit/storedLog.ts'

const KiB = 1024
const MiB = 1024 * KiB

/** Pushes updates of about `bytes` each, one after another, until one is refused: the seqs acked, and the refusal. */
async function pushUntilRefused(client: RawClient, board: TestBoard, bytes: number, firstRef = 1) {
  const acked: number[] = []
  for (let ref = firstRef; ref < firstRef + 200; ref++) {
    const answer = await client.pushForAnswer(ref, await seal(board, `change ${ref} `.padEnd(bytes, '.')))
    if (answer.tag === 'reject') return { acked, refusal: answer }
    acked.push(answer.seq)
  }
  throw new Error('200 pushes and none refused')
}

/** Sealed bytes the server stores for one board (or all of them), read from its SQLite file. */
function storedBytes(dataDir: string, boardId?: string): number {
  const where = boardId === undefined ? '' : 'WHERE board_id = ?'
  const args = boardId === undefined ? [] : [boardId]
  return withStoredLog(dataDir, (db) => {
    const sum = (table: string) =>
      (db.prepare(`SELECT coalesce(sum(length(sealed)), 0) AS bytes FROM ${table} ${where}`).get(...args) as { bytes: number }).bytes
    return sum('updates') + sum('snapshot_parts')
  })
}

/** A fresh socket reads the board whole: every seq acked is there, and the last one opens to what was pushed. */
async function expectEveryAckedChangeKept(server: { url: string; wsUrl: string }, board: TestBoard, acked: number[], lastText: string) {
  const reader = await joinBoard(server, board)
  const replayed = reader.replay.filter((f) => f.tag === 'entry')
  expect(replayed.map((f) => f.seq)).toEqual(expect.arrayContaining(acked))
  const last = replayed.find((f) => f.seq === acked.at(-1))!
  expect(await unseal(board, last.sealed)).toBe(lastText)
  reader.client.close()
}

/**
 * The real server with `env` and two boards; on the first a writer and its partner, and the writer has
 * pushed changes of 256 KiB one after another until one was refused.
 */
async function filledUntilRefused(env: Record<string, string>) {
  const server = await startServerProcess(env)
  const [board, otherBoard] = [await createBoard(server), await createBoard(server)]
  const writer = await joinBoard(server, board)
  const partner = await joinBoard(server, board)
  const { acked, refusal } = await pushUntilRefused(writer.client, board, 256 * KiB)
  return { server, board, otherBoard, writer, partner, acked, refusal }
}

describe('quotas on stored bytes', () => {
  it('a board at its quota gets a calm refusal (reject, board full) while other boards keep working, and nothing acked is lost', async () => {
    const quota = 4 * MiB
    const { server, board, otherBoard, writer, partner, acked, refusal } = await filledUntilRefused({
      COMMON_GROUND_MAX_BOARD_BYTES: String(quota),
    })
    expect(refusal.reason).toBe(RejectReason.boardFull)
    const stored = storedBytes(server.dataDir, board.boardId)
    console.info(
      `a board with a ${quota / MiB} MiB quota stored ${(stored / MiB).toFixed(2)} MiB in ${acked.length} updates, then refused the next`,
    )
    expect(stored).toBeLessThanOrEqual(quota)
    expect(stored).toBeGreaterThan(quota - 300 * KiB)

    // Refused again, calmly: the socket stays open, and the partner has every acked change.
    expect(await writer.client.pushForAnswer(900, await seal(board, 'x'.repeat(300 * KiB)))).toMatchObject({
      tag: 'reject',
      reason: RejectReason.boardFull,
    })
    expect(writer.client.socket.readyState).toBe(WebSocket.OPEN)
    await partner.client.waitFor('entry', (e) => e.seq === acked.at(-1))

    const [other1, other2] = [await joinBoard(server, otherBoard), await joinBoard(server, otherBoard)]
    const seq = await other1.client.pushUpdate(1, await seal(otherBoard, 'elsewhere, unaffected'))
    await other2.client.waitFor('entry', (e) => e.seq === seq)

    await expectEveryAckedChangeKept(server, board, acked, `change ${acked.length} `.padEnd(256 * KiB, '.'))

    // A snapshot of the whole board, smaller than the tail it replaces, is stored; then there is room again.
    const snapshotted = await postSnapshot(writer.client, board, 901, 'the board, in short', { coversSeq: acked.at(-1)! })
    expect(snapshotted.tag).toBe('ack')
    expect(await writer.client.pushUpdate(902, await seal(board, 'room again'))).toBeGreaterThan(acked.at(-1)!)
  })

  it('the server-wide cap refuses growth on every board once reached (reject, storage full), and nothing acked is lost', async () => {
    const cap = 2 * MiB
    const {
      server,
      board: filled,
      otherBoard: other,
      writer,
      acked,
      refusal,
    } = await filledUntilRefused({ COMMON_GROUND_MAX_STORED_BYTES: String(cap) })
    const elsewhere = await joinBoard(server, other)
    expect(refusal.reason).toBe(RejectReason.storageFull)
    const stored = storedBytes(server.dataDir)
    console.info(`a server capped at ${cap / MiB} MiB stored ${(stored / MiB).toFixed(2)} MiB, then refused growth on every board`)
    expect(stored).toBeLessThanOrEqual(cap)

    const refused = await elsewhere.client.pushForAnswer(1, await seal(other, 'x'.repeat(300 * KiB)))
    expect(refused).toMatchObject({ tag: 'reject', reason: RejectReason.storageFull })
    expect(elsewhere.client.socket.readyState).toBe(WebSocket.OPEN)
    await expectEveryAckedChangeKept(server, filled, acked, `change ${acked.length} `.padEnd(256 * KiB, '.'))

    // Shrinking one board makes room on the others.
    expect((await postSnapshot(writer.client, filled, 900, 'the board, in short', { coversSeq: acked.at(-1)! })).tag).toBe('ack')
    expect(await elsewhere.client.pushUpdate(2, await seal(other, 'room again'))).toBe(1)
  })
})
