/**
 * One stored version sent as a download, part by part: a part is read from
 * the log only once the network has taken the one before (write()'s answer,
 * then 'drain'), so a client that does not read makes the server hold one
 * part, never the board. Each part is charged to the client address's
 * reader budget (shared with its replays) until the network takes it, and
 * the download must take a part every readerStallMs or it is cut off.
 *
 * Before the first byte is sent a refusal is still a calm JSON error; after
 * it, a download that cannot go on (its reader stalled, the version went
 * from the log, the log failed) is ended in error: its body falls short of
 * its Content-Length, which every client reads as a failed download.
 */
import type { ServerResponse } from 'node:http'
import { Limits } from '../../shared/protocol.ts'
import type { ReaderAccount } from '../common/readerBudget.ts'
import { StallWatch } from '../common/stallWatch.ts'
import type { BoardLog, SnapshotSize } from '../log/types.ts'
import { HttpError } from './responses.ts'

/** Charged before each part is read: a part is at most a frame. */
const PART_CHARGE_BYTES = Limits.maxFrameBytes
/** When a refused client may try again: by then the network has usually taken what its other readers hold. */
const RETRY_AFTER_SECONDS = 10

export type StoredVersion = { log: BoardLog; boardId: string; seq: number; size: SnapshotSize }

export async function sendVersion(
  response: ServerResponse,
  { log, boardId, seq, size }: StoredVersion,
  account: ReaderAccount,
  stallMs: number,
): Promise<void> {
  if (!account.take(PART_CHARGE_BYTES)) {
    account.close()
    throw new HttpError(429, 'too_many_downloads', 'This address is downloading a lot at once. Try again in a few seconds.', {
      'Retry-After': String(RETRY_AFTER_SECONDS),
    })
  }
  // However the response ends, what it still holds goes back to the budget.
  response.once('close', () => account.close())
  const watch = new StallWatch(stallMs)
  response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size.bytes, 'Cache-Control': 'no-store' })
  for (let index = 0; index < size.partCount; index++) {
    if (index > 0 && !(await takeRoom(account, watch, response))) throw new Error(`the reader took nothing for ${stallMs} ms`)
    if (response.destroyed) return
    const part = await log.readSnapshotPart(boardId, seq, index)
    if (response.destroyed) return
    if (part === null) throw new Error(`version ${seq} went from the log while it was sent`)
    account.settle(PART_CHARGE_BYTES, part.byteLength)
    const mayWriteMore = response.write(part, () => {
      account.give(part.byteLength)
      watch.progressed()
    })
    if (!mayWriteMore && !(await watch.wait(drainedOrClosed(response)))) throw new Error(`the reader took nothing for ${stallMs} ms`)
    if (response.destroyed) return
  }
  response.end()
}

/** Waits until the address has room for the next part; false when the reader stalled first. A closed response takes nothing more. */
async function takeRoom(account: ReaderAccount, watch: StallWatch, response: ServerResponse): Promise<boolean> {
  while (!response.destroyed && !account.take(PART_CHARGE_BYTES)) {
    if (!(await watch.wait(account.whenRoomMayBeFree()))) return false
  }
  return true
}

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done)
      response.off('close', done)
      resolve()
    }
    response.on('drain', done)
    response.on('close', done)
  })
}
