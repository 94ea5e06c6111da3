/**
 * The durable board log, as the relay sees it. Every method is async so a
 * networked store (PostgreSQL) can implement the same contract as the
 * embedded SQLite one. The log stores ciphertext and token hashes only.
 *
 * A board's log is its latest snapshot plus the updates after it (the
 * "tail"). Sequence numbers are per board, start at 1 and only grow; a
 * snapshot's seq is the last update seq it covers.
 */

/** What the server keeps about a board. A deleted board stays as a tombstone so its id is never reused. */
export type BoardRecord = { deleted: false; tokenHash: string } | { deleted: true }

export type SealedEntry = { seq: number; sealed: Uint8Array }

/** What a joining client is sent: the latest snapshot, the updates after it, and the head seq. */
export type Replay = {
  snapshot: { coversSeq: number; sealed: Uint8Array } | null
  /** In seq order, all with seq greater than the snapshot's coversSeq. */
  updates: SealedEntry[]
  /** The highest seq ever assigned on the board (0 for a new board). */
  headSeq: number
}

export type AppendItem = { boardId: string; sealed: Uint8Array }

/** The updates since the latest snapshot: what a client must replay on top of it. */
export type TailSize = { updates: number; bytes: number }

export type SnapshotResult = 'stored' | 'out-of-range' | 'board-gone'

export interface BoardLog {
  /** Registers a board; 'exists' when the id is taken, by a live board or a tombstone. */
  createBoard(boardId: string, tokenHash: string): Promise<'created' | 'exists'>
  getBoard(boardId: string): Promise<BoardRecord | null>
  /** Drops the board's log at once and leaves a tombstone; false when there was no live board. */
  deleteBoard(boardId: string): Promise<boolean>
  /** One consistent read of the board's log; null when there is no live board. */
  readReplay(boardId: string): Promise<Replay | null>
  /**
   * Appends every item in ONE durable transaction (group commit) and returns
   * each item's seq, in item order; null for an item whose board is gone.
   * Resolves only once the transaction is durable; rejects with nothing stored.
   */
  appendUpdates(items: readonly AppendItem[]): Promise<Array<number | null>>
  /**
   * Stores a snapshot covering the log up to coversSeq, drops the updates it
   * replaces and keeps only the newest snapshots. 'out-of-range' unless
   * latest snapshot's coversSeq < coversSeq <= headSeq.
   */
  storeSnapshot(boardId: string, coversSeq: number, sealed: Uint8Array): Promise<SnapshotResult>
  /** Size of the tail; cheap, so it can be asked on every push. */
  tailSize(boardId: string): Promise<TailSize>
  close(): Promise<void>
}
