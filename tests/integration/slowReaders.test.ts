/**
 * A visitor with a script (issue 20): readers that ask for a whole board and
 * never take it. The server reads a stored version or a replay from the log
 * one part at a time, only as the reader takes what it was sent, so what it
 * holds for a reader that does not read is a part or two, never the board;
 * a reader that takes nothing for readerStallMs is cut off; and what one
 * address's readers hold together is capped.
 *
 * The memory is measured on the real server process (RSS from /proc), with
 * its default limits on readers; only its upload rate is raised, here and
 * below, so a big board is stored in a second rather than half a minute.
 */
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import { newServer } from '../kit/newServer.ts'
import { holdHistoryDownload, holdReplay, peakOver } from '../kit/nonReaders.ts'
import { createBoard, deleteBoard, downloadVersion, type TestBoard } from '../kit/boards.ts'
import { joinBoard, postSnapshot, unsealSnapshot } from '../kit/rawClient.ts'
import { startServerProcess } from '../kit/serverProcess.ts'
import { sleep, until } from '../kit/waits.ts'

const MiB = 1024 * 1024
const BOARD_TEXT_BYTES = 32 * MiB
/** More than the kernel's buffers of a loopback connection take in on a reader's behalf. */
const BIGGER_THAN_SOCKET_BUFFERS = 24 * MiB
/** Another client address on loopback: the visitor's script runs from 127.0.0.1, everyone else from elsewhere. */
const SOMEONE_ELSE = { localAddress: '127.0.0.2' }
const FAST_UPLOADS = { COMMON_GROUND_SOCKET_BYTES_PER_SECOND: String(1024 * MiB), COMMON_GROUND_BOARD_BYTES_PER_SECOND: String(1024 * MiB) }
const FAST_UPLOAD_LIMITS = { documentBytesPerSecond: 1024 * MiB, boardBytesPerSecond: 1024 * MiB }

/** A board whose latest snapshot holds `textBytes`, posted in parts through the real protocol; resolves with its seq. */
async function bigBoard(server: { url: string; wsUrl: string }, textBytes = BOARD_TEXT_BYTES): Promise<{ board: TestBoard; seq: number }> {
  const board = await createBoard(server)
  const poster = await joinBoard(server, board)
  const answer = await postSnapshot(poster.client, board, 1, 'x'.repeat(textBytes), {
    coversSeq: 0,
    carriesChanges: true,
    timeoutMs: 60_000,
  })
  if (answer.tag !== 'ack') throw new Error(`the big snapshot was rejected (reason ${answer.reason})`)
  poster.client.close()
  return { board, seq: answer.seq }
}

describe('readers that do not read', () => {
  it('24 history downloads and 16 replays of a 32 MiB board that never read keep the server under +200 MiB, and it still serves everyone else', async () => {
    const server = await startServerProcess(FAST_UPLOADS)
    const { board, seq } = await bigBoard(server)
    // The baseline is read after a second of quiet: the upload's buffers, which the server frees on its own schedule and
    // announces nothing about, are not counted as held for the non-readers.
    await sleep(1000)
    const before = server.rssBytes()

    const downloads = Array.from({ length: 24 }, () => holdHistoryDownload(server, board, seq))
    const replays = await Promise.all(Array.from({ length: 16 }, () => holdReplay(server, board)))
    // Held for a while: whatever the server buffers for them has time to pile up.
    const peak = await peakOver(server.rssBytes, 10_000)
    console.info(
      `non-readers: RSS ${(before / MiB).toFixed(0)} MiB before, peak +${((peak - before) / MiB).toFixed(0)} MiB with ${downloads.length} downloads and ${replays.length} replays held`,
    )
    expect(peak - before).toBeLessThan(200 * MiB)

    const visitor = await joinBoard(server, board, 0, { ...SOMEONE_ELSE, timeoutMs: 30_000 })
    expect((await unsealSnapshot(board, visitor.client.frames, seq)).length).toBe(BOARD_TEXT_BYTES)
  }, 120_000)

  it('a history download that takes nothing for readerStallMs is cut off: its body ends short of its length', async () => {
    const { server, logLines } = await newServer({ limits: { ...FAST_UPLOAD_LIMITS, readerStallMs: 1000 } })
    const { board, seq } = await bigBoard(server, BIGGER_THAN_SOCKET_BUFFERS)
    const held = holdHistoryDownload(server, board, seq)
    await untilLogged(logLines, /^http: GET \/api\/boards\/[\w-]+\/history\/\d+ failed: the reader took nothing for 1000 ms$/)
    const received = await held.drain()
    const headEnd = received.indexOf('\r\n\r\n')
    const head = received.subarray(0, headEnd).toString()
    expect(head).toMatch(/^HTTP\/1\.1 200 /)
    const length = Number(/content-length: (\d+)/i.exec(head)![1])
    expect(length).toBeGreaterThan(BIGGER_THAN_SOCKET_BUFFERS)
    expect(received.byteLength - headEnd - 4).toBeLessThan(length)
  }, 60_000)

  it('a replay whose reader takes nothing for readerStallMs is closed as a slow consumer (4508)', async () => {
    const { server, logLines } = await newServer({ limits: { ...FAST_UPLOAD_LIMITS, readerStallMs: 1000 } })
    const { board } = await bigBoard(server, BIGGER_THAN_SOCKET_BUFFERS)
    const held = await holdReplay(server, board)
    await untilLogged(logLines, /closed 4508: slow consumer: took nothing of its replay for 1000 ms$/)
    held.socket.resume()
    expect((await held.closed).code).toBe(CloseCode.overloaded)
  }, 60_000)

  it('a version whose board is deleted while it is downloaded ends the download in error, and the server goes on', async () => {
    const { server, logLines } = await newServer({ limits: FAST_UPLOAD_LIMITS })
    const { board, seq } = await bigBoard(server, BIGGER_THAN_SOCKET_BUFFERS)
    const held = holdHistoryDownload(server, board, seq)
    // Its first bytes arrived, so the download is under way; unread, it cannot be done before the deletion.
    await new Promise<void>((resolve) => {
      held.socket.once('data', (chunk: Buffer) => {
        held.socket.pause()
        held.socket.unshift(chunk)
        resolve()
      })
      held.socket.resume()
    })
    expect((await deleteBoard(server, board.boardId, board.accessToken)).status).toBe(204)
    const received = await held.drain()
    const headEnd = received.indexOf('\r\n\r\n')
    const length = Number(/content-length: (\d+)/i.exec(received.subarray(0, headEnd).toString())![1])
    expect(received.byteLength - headEnd - 4).toBeLessThan(length)
    expect(logLines).toContainEqual(expect.stringMatching(/failed: version \d+ went from the log while it was sent$/))
    const other = await bigBoard(server, 1000)
    expect((await downloadVersion(server, other.board, other.seq)).status).toBe(200)
  }, 60_000)

  it('past its address’s reader budget a download is refused with 429 too_many_downloads and Retry-After, while another address downloads in full', async () => {
    const { server } = await newServer({ limits: { ...FAST_UPLOAD_LIMITS, readerBytesPerIp: 1 } })
    const { board, seq } = await bigBoard(server, BIGGER_THAN_SOCKET_BUFFERS)
    holdHistoryDownload(server, board, seq)
    // Once the non-reader's socket buffers are full it holds a part for good, and its address has no room left.
    const refused = await firstRefusal(() => downloadVersion(server, board, seq))
    expect(refused.headers['retry-after']).toBe('10')
    expect(JSON.parse(refused.body.toString())).toEqual({ error: { code: 'too_many_downloads', message: expect.any(String) } })

    const elsewhere = await downloadVersion(server, board, seq, SOMEONE_ELSE)
    expect(elsewhere.status).toBe(200)
    expect(elsewhere.body.byteLength).toBe(Number(elsewhere.headers['content-length']))
  }, 60_000)
})

/** Resolves once the server has logged a line matching `line`. */
function untilLogged(logLines: readonly string[], line: RegExp): Promise<void> {
  return until(() => expect(logLines).toContainEqual(expect.stringMatching(line)), { timeoutMs: 20_000, everyMs: 20 })
}

/** Downloads again and again until one is refused with 429, which it returns. */
async function firstRefusal(download: () => ReturnType<typeof downloadVersion>, timeoutMs = 20_000): ReturnType<typeof downloadVersion> {
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    const answer = await download()
    if (answer.status === 429) return answer
    expect(answer.status).toBe(200)
  }
  throw new Error(`no download was refused within ${timeoutMs} ms`)
}
