/**
 * How much a board, and the whole server, may store. Every write is checked
 * inside the transaction that makes it, against what the board stores now:
 * its tail, its latest snapshot and every version of its history, in sealed
 * bytes. A write that would take the board past its quota, or all boards
 * together past the server's cap, is refused and stores nothing.
 *
 * A write that does not grow the board always passes, so a full board can
 * still be made smaller (a snapshot that replaces a longer tail). History is
 * never pruned to make room: that would let anyone holding the link flush a
 * board's earlier versions just by writing. The history's own rule (the few
 * newest and one a day) still applies as ever.
 */
import type { LogOptions } from './types.ts'

export type Quota = Pick<LogOptions, 'maxBoardBytes' | 'maxStoredBytes'>
export type QuotaRefusal = 'board-full' | 'storage-full'

/** Why a write that adds `growth` bytes to a board storing `boardBytes`, on a server storing `serverBytes`, is refused; null when it may go. */
export function quotaRefusal(quota: Quota, boardBytes: number, serverBytes: number, growth: number): QuotaRefusal | null {
  if (growth <= 0) return null
  if (boardBytes + growth > quota.maxBoardBytes) return 'board-full'
  if (serverBytes + growth > quota.maxStoredBytes) return 'storage-full'
  return null
}
