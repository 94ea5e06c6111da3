/**
 * A visitor with a script (issue 20): readers that ask for a whole board and
 * never take it. The server reads a stored version or a replay from the log
 * one part at a time, only as the reader takes what it was sent, so what it
 * holds for a reader that does not read is a part or two, never the board.
 *
 * Measured on the real server process (RSS from /proc), with its default
 * limits on readers; only its upload rate is raised so the 32 MiB board is
 * stored in a second rather than a quarter of a minute.
 */
import { describe, expect, it } from 'vitest'
import { holdHistoryDownload, holdReplay, peakOver } from './helpers/nonReaders.ts'
import { createBoard, joinBoard, postSnapshot, unsealSnapshot, type TestBoard } from './helpers/rawClient.ts'
import { startServerProcess } from './helpers/serverProcess.ts'

const MiB = 1024 * 1024
const BOARD_TEXT_BYTES = 32 * MiB
/** Another client address on loopback: the visitor's script runs from 127.0.0.1, everyone else from elsewhere. */
const SOMEONE_ELSE = { localAddress: '127.0.0.2' }
const FAST_UPLOADS = { COMMON_GROUND_SOCKET_BYTES_PER_SECOND: String(1024 * MiB), COMMON_GROUND_BOARD_BYTES_PER_SECOND: String(1024 * MiB) }

/** A board whose latest snapshot is 32 MiB, posted in parts through the real protocol; resolves with its seq. */
async function bigBoard(server: { url: string; wsUrl: string }): Promise<{ board: TestBoard; seq: number }> {
  const board = await createBoard(server)
  const poster = await joinBoard(server, board)
  const answer = await postSnapshot(poster.client, board, 1, 'x'.repeat(BOARD_TEXT_BYTES), { coversSeq: 0, carriesChanges: true, timeoutMs: 60_000 })
  if (answer.tag !== 'ack') throw new Error(`the big snapshot was rejected (reason ${answer.reason})`)
  poster.client.close()
  return { board, seq: answer.seq }
}

describe('readers that do not read', () => {
  it('24 history downloads and 16 replays of a 32 MiB board that never read keep the server under +200 MiB, and it still serves everyone else', async () => {
    const server = await startServerProcess(FAST_UPLOADS)
    const { board, seq } = await bigBoard(server)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const before = server.rssBytes()

    const downloads = Array.from({ length: 24 }, () => holdHistoryDownload(server, board, seq))
    const replays = await Promise.all(Array.from({ length: 16 }, () => holdReplay(server, board)))
    // Held for a while: whatever the server buffers for them has time to pile up.
    const peak = await peakOver(server.rssBytes, 10_000)
    console.info(`non-readers: RSS ${(before / MiB).toFixed(0)} MiB before, peak +${((peak - before) / MiB).toFixed(0)} MiB with ${downloads.length} downloads and ${replays.length} replays held`)
    expect(peak - before).toBeLessThan(200 * MiB)

    const visitor = await joinBoard(server, board, 0, { ...SOMEONE_ELSE, timeoutMs: 30_000 })
    expect((await unsealSnapshot(board, visitor.client.frames, seq)).length).toBe(BOARD_TEXT_BYTES)
  }, 120_000)
})
