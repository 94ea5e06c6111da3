/**
 * The durable board log, as the relay sees it. Every method is async so a
 * networked store (PostgreSQL) can implement the same contract as the
 * embedded SQLite one. The log stores ciphertext and token hashes only.
 *
 * A board's log is a sequence of entries with per-board sequence numbers
 * that start at 1 and only grow. An entry is an update, or a snapshot: the
 * whole board as one poster saw it, stored in parts. A snapshot has a seq of
 * its own and `coversSeq`, the last seq its poster had read; storing it
 * drops the updates it covers, except the ones the poster could not read
 * (`keepSeqs`): a snapshot never deletes an entry it does not contain.
 */
import { DEFAULT_BOARD_STORAGE } from '../common/policy.ts'

/** Why a board was retired: deleted by someone with the link, or moved to a new link. */
export type Retirement = 'deleted' | 'moved'

/**
 * What the server keeps about a board. A retired board stays as a tombstone
 * (its id, when, why it was retired, and the sealed note the retiring
 * device left: nothing else) so its id is never reused and a device that
 * comes back learns why, and from whom.
 */
export type BoardRecord = { status: 'live'; tokenHash: string; headSeq: number } | ({ status: 'retired' } & RetiredBoard)

/**
 * A retirement as every device of the board is told it: why, and the note
 * the retiring device sealed under the board's key (who did it, when),
 * which the server keeps and hands on but cannot read; null for a board
 * retired without one (by an older client, or before notes were kept).
 */
export type RetiredBoard = { reason: Retirement; note: Uint8Array | null }

export type SealedEntry = { seq: number; sealed: Uint8Array }

export type StoredSnapshot = {
  seq: number
  coversSeq: number
  /** True when the poster added changes that no update in the log holds. */
  carriesChanges: boolean
  /**
   * How many frame-sized parts the sealed snapshot is stored in (each read
   * with readSnapshotPart as the reader takes the one before); null when the
   * client already holds everything in it (it covers nothing new to the
   * client and carries no changes of its own), so only its seq is sent.
   */
  partCount: number | null
}

/** Updates of a replay, read a page at a time so a reader never holds a whole long tail. */
export type UpdatePage = {
  /** In seq order; added while the page holds fewer than `pageBytes` sealed bytes, so at least one unless none are left. */
  updates: SealedEntry[]
  /** True when the replay has updates past this page (read them with readUpdates). */
  moreUpdates: boolean
}

/**
 * What a joining client is sent, as read at one moment: the snapshot's
 * numbers and its part count, the first page of updates, and the head. The
 * bytes behind them are read part by part, page by page, as the client takes
 * them, so a client that does not read makes the server hold little.
 */
export type Replay = UpdatePage & {
  /** The latest snapshot, when its seq is after the client's knownSeq. */
  snapshot: StoredSnapshot | null
  /** The highest seq ever assigned on the board (0 for a new board). */
  headSeq: number
}

/** How a replay's updates are paged unless the caller says otherwise: about a frame's worth. */
export const UPDATE_PAGE_BYTES = 1024 * 1024

/** One stored snapshot's size, known before any of its parts is read (a download's length). */
export type SnapshotSize = { partCount: number; bytes: number }

export type UpdateItem = { kind: 'update'; boardId: string; sealed: Uint8Array }
export type SnapshotItem = {
  kind: 'snapshot'
  boardId: string
  coversSeq: number
  carriesChanges: boolean
  /** Seqs at or below coversSeq that the snapshot does not contain; they stay in the log. */
  keepSeqs: readonly number[]
  parts: readonly Uint8Array[]
}
export type AppendItem = UpdateItem | SnapshotItem

export type AppendResult =
  | { status: 'stored'; seq: number }
  | { status: 'board-gone' }
  /** A snapshot that does not contain the latest snapshot, or covers seqs the log never assigned. */
  | { status: 'out-of-range' }
  /** Storing it would take the board past its quota (quota.ts); nothing of it was stored. */
  | { status: 'board-full' }
  /** Storing it would take the server past its cap on stored bytes; nothing of it was stored. */
  | { status: 'storage-full' }

/** One stored snapshot as the board's history lists it: an earlier version of the whole board. */
export type HistoryVersion = { seq: number; coversSeq: number; createdAt: number; bytes: number }

export type LogOptions = {
  /** How long the history keeps a version: the first of each day within it, and the few newest whatever their age. */
  historyRetentionMs: number
  /** Bytes one board may store: its tail, its latest snapshot and every version of its history (quota.ts). */
  maxBoardBytes: number
  /** Bytes all live boards together may store; past it no board may grow. */
  maxStoredBytes: number
  /** The store's clock in ms (when a snapshot was stored, so which day it belongs to); tests pass one they can move. */
  now?: () => number
}

export const DAY_MS = 24 * 60 * 60 * 1000
export const DEFAULT_LOG_OPTIONS: LogOptions = {
  historyRetentionMs: DEFAULT_BOARD_STORAGE.historyDays * DAY_MS,
  maxBoardBytes: DEFAULT_BOARD_STORAGE.maxBoardBytes,
  // The server's cap is its operator's choice (common/policy.ts has the default); a log opened by a tool has none.
  maxStoredBytes: Number.POSITIVE_INFINITY,
}

/** The options a caller gave (leaving one undefined means the default), the rest from DEFAULT_LOG_OPTIONS. */
export function resolveLogOptions(options: Partial<LogOptions> = {}): LogOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  return { ...DEFAULT_LOG_OPTIONS, ...given }
}

/** The updates since the latest snapshot (and the ones kept past it): what a client must replay on top of it. */
export type TailSize = { updates: number; bytes: number }

export interface BoardLog {
  /** Registers a board; 'exists' when the id is taken, by a live board or a tombstone. */
  createBoard(boardId: string, tokenHash: string): Promise<'created' | 'exists'>
  getBoard(boardId: string): Promise<BoardRecord | null>
  /**
   * Drops the board's log at once and leaves a tombstone saying why, with
   * the retiring device's sealed note (Limits.maxRetirementNoteBytes at
   * most, checked by the caller); false when there was no live board, and
   * then an earlier tombstone's note stays as it was.
   */
  retireBoard(boardId: string, reason: Retirement, note?: Uint8Array | null): Promise<boolean>
  /**
   * One consistent read of what a client holding everything up to
   * `knownSeq` lacks (the snapshot's part count, the first page of updates,
   * the head); null when there is no live board. A knownSeq past the head is
   * treated as 0 by the caller, never passed here.
   */
  readReplay(boardId: string, knownSeq: number, pageBytes?: number): Promise<Replay | null>
  /**
   * The next page of a replay's updates: those with afterSeq < seq ≤
   * throughSeq (the replay's head). Null when the board is gone, or when a
   * snapshot stored after throughSeq may have dropped some of them: the
   * replay no longer holds, and its reader must start again.
   */
  readUpdates(boardId: string, afterSeq: number, throughSeq: number, pageBytes?: number): Promise<UpdatePage | null>
  /**
   * Part `index` of the stored snapshot `seq`, as stored; null when there is
   * no such part: the board was deleted, the history let the snapshot go, or
   * it never existed. Read one at a time, so no reader holds a whole snapshot.
   */
  readSnapshotPart(boardId: string, seq: number, index: number): Promise<Uint8Array | null>
  /**
   * Stores every item in ONE durable transaction (group commit) and returns
   * each item's result, in item order; seqs are assigned in item order.
   * Resolves only once the transaction is durable. A rejection means nothing
   * may be acked: nothing was stored, or (a networked store whose connection
   * broke during COMMIT) the caller cannot know. The client then sends the
   * items again, and an update stored twice changes nothing (Yjs applies it
   * once).
   */
  append(items: readonly AppendItem[]): Promise<AppendResult[]>
  /** The board's stored snapshots, newest first; null when there is no live board. */
  listHistory(boardId: string): Promise<HistoryVersion[] | null>
  /** One stored snapshot's part count and bytes; null when the board or the snapshot is not there. Its parts are read with readSnapshotPart. */
  snapshotSize(boardId: string, seq: number): Promise<SnapshotSize | null>
  /**
   * The head seq of each of these boards that is live (deleted and unknown
   * ones are left out): how a process behind a lossy fan-out learns that its
   * sockets missed an entry. One query for many boards (SQLite: one
   * statement per board, all in one call to the log thread).
   */
  headSeqs(boardIds: readonly string[]): Promise<Map<string, number>>
  /** Size of the tail; cheap, so it can be asked on every push. */
  tailSize(boardId: string): Promise<TailSize>
  /**
   * Live boards, and bytes of their stored sealed updates and snapshots (not
   * the store's own overhead). May scan the whole store: callers keep the
   * answer for a while rather than ask on every request.
   */
  usage(): Promise<{ boards: number; storedBytes: number }>
  close(): Promise<void>
}
