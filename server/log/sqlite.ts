/**
 * The default board log: one embedded SQLite file in DATA_DIR. WAL with
 * synchronous=FULL makes every committed transaction durable before the
 * relay acks it; the relay batches appends so that costs one fsync per
 * event-loop turn, not per frame.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { AppendItem, BoardLog, BoardRecord, Replay, SnapshotResult, TailSize } from './types.ts'
import { migrate } from './sqliteSchema.ts'

export const SQLITE_FILE_NAME = 'common-ground.sqlite'

/** How many snapshots a board keeps; older ones are history nobody replays. */
const SNAPSHOTS_KEPT = 3

/** better-sqlite3 binds Buffers; this views the same bytes without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

export function openSqliteBoardLog(dataDir: string): SqliteBoardLog {
  fs.mkdirSync(dataDir, { recursive: true })
  return new SqliteBoardLog(path.join(dataDir, SQLITE_FILE_NAME))
}

export class SqliteBoardLog implements BoardLog {
  readonly #db: Database.Database
  /** Tail sizes of boards seen since start, kept in step with every commit, so pushes need no query. */
  readonly #tails = new Map<string, TailSize>()
  readonly #statements

  constructor(file: string) {
    this.#db = new Database(file)
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma('synchronous = FULL')
    this.#db.pragma('busy_timeout = 5000')
    // A deleted board's ciphertext is overwritten, not left in free pages.
    this.#db.pragma('secure_delete = ON')
    migrate(this.#db)
    const db = this.#db
    this.#statements = {
      insertBoard: db.prepare<[string, string, number]>(
        'INSERT OR IGNORE INTO boards (id, token_hash, created_at) VALUES (?, ?, ?)',
      ),
      board: db.prepare<[string], { token_hash: string | null; deleted_at: number | null; head_seq: number }>(
        'SELECT token_hash, deleted_at, head_seq FROM boards WHERE id = ?',
      ),
      markDeleted: db.prepare<[number, string]>(
        'UPDATE boards SET deleted_at = ?, token_hash = NULL WHERE id = ? AND deleted_at IS NULL',
      ),
      deleteUpdates: db.prepare<[string]>('DELETE FROM updates WHERE board_id = ?'),
      deleteSnapshots: db.prepare<[string]>('DELETE FROM snapshots WHERE board_id = ?'),
      latestSnapshot: db.prepare<[string], { covers_seq: number; sealed: Buffer }>(
        'SELECT covers_seq, sealed FROM snapshots WHERE board_id = ? ORDER BY covers_seq DESC LIMIT 1',
      ),
      latestCoversSeq: db.prepare<[string], { covers_seq: number }>(
        'SELECT covers_seq FROM snapshots WHERE board_id = ? ORDER BY covers_seq DESC LIMIT 1',
      ),
      tail: db.prepare<[string], { seq: number; sealed: Buffer }>(
        'SELECT seq, sealed FROM updates WHERE board_id = ? ORDER BY seq',
      ),
      tailSize: db.prepare<[string], { updates: number; bytes: number }>(
        'SELECT count(*) AS updates, coalesce(sum(length(sealed)), 0) AS bytes FROM updates WHERE board_id = ?',
      ),
      nextSeq: db.prepare<[string], { head_seq: number }>(
        'UPDATE boards SET head_seq = head_seq + 1 WHERE id = ? AND deleted_at IS NULL RETURNING head_seq',
      ),
      insertUpdate: db.prepare<[string, number, Buffer]>('INSERT INTO updates (board_id, seq, sealed) VALUES (?, ?, ?)'),
      insertSnapshot: db.prepare<[string, number, Buffer, number]>(
        'INSERT INTO snapshots (board_id, covers_seq, sealed, created_at) VALUES (?, ?, ?, ?)',
      ),
      deleteCoveredUpdates: db.prepare<[string, number]>('DELETE FROM updates WHERE board_id = ? AND seq <= ?'),
      deleteOldSnapshots: db.prepare<[string, string]>(
        `DELETE FROM snapshots WHERE board_id = ? AND covers_seq < (
           SELECT covers_seq FROM snapshots WHERE board_id = ? ORDER BY covers_seq DESC LIMIT 1 OFFSET ${SNAPSHOTS_KEPT - 1})`,
      ),
    }
  }

  async createBoard(boardId: string, tokenHash: string): Promise<'created' | 'exists'> {
    const { changes } = this.#statements.insertBoard.run(boardId, tokenHash, Date.now())
    return changes === 1 ? 'created' : 'exists'
  }

  async getBoard(boardId: string): Promise<BoardRecord | null> {
    const row = this.#statements.board.get(boardId)
    if (row === undefined) return null
    if (row.deleted_at !== null || row.token_hash === null) return { deleted: true }
    return { deleted: false, tokenHash: row.token_hash }
  }

  async deleteBoard(boardId: string): Promise<boolean> {
    const deleted = this.#db
      .transaction(() => {
        if (this.#statements.markDeleted.run(Date.now(), boardId).changes === 0) return false
        this.#statements.deleteUpdates.run(boardId)
        this.#statements.deleteSnapshots.run(boardId)
        return true
      })
      .immediate()
    this.#tails.delete(boardId)
    return deleted
  }

  async readReplay(boardId: string): Promise<Replay | null> {
    // One read transaction: the snapshot, the tail and the head are from the same moment.
    return this.#db
      .transaction((): Replay | null => {
        const board = this.#statements.board.get(boardId)
        if (board === undefined || board.deleted_at !== null) return null
        const snapshot = this.#statements.latestSnapshot.get(boardId)
        return {
          snapshot: snapshot ? { coversSeq: snapshot.covers_seq, sealed: snapshot.sealed } : null,
          updates: this.#statements.tail.all(boardId),
          headSeq: board.head_seq,
        }
      })
      .deferred()
  }

  async appendUpdates(items: readonly AppendItem[]): Promise<Array<number | null>> {
    const seqs = this.#db
      .transaction(() =>
        items.map((item) => {
          const row = this.#statements.nextSeq.get(item.boardId)
          if (row === undefined) return null
          this.#statements.insertUpdate.run(item.boardId, row.head_seq, asBuffer(item.sealed))
          return row.head_seq
        }),
      )
      .immediate()
    // Only after the commit: a rolled-back batch must not count toward any tail.
    items.forEach((item, i) => {
      if (seqs[i] === null) return
      const tail = this.#tails.get(item.boardId)
      if (tail) {
        tail.updates += 1
        tail.bytes += item.sealed.byteLength
      }
    })
    return seqs
  }

  async storeSnapshot(boardId: string, coversSeq: number, sealed: Uint8Array): Promise<SnapshotResult> {
    const result = this.#db
      .transaction((): SnapshotResult => {
        const board = this.#statements.board.get(boardId)
        if (board === undefined || board.deleted_at !== null) return 'board-gone'
        // With no snapshot yet, a snapshot covering 0 (an empty log) is allowed.
        const latest = this.#statements.latestCoversSeq.get(boardId)?.covers_seq ?? -1
        if (coversSeq > board.head_seq || coversSeq <= latest) return 'out-of-range'
        this.#statements.insertSnapshot.run(boardId, coversSeq, asBuffer(sealed), Date.now())
        this.#statements.deleteCoveredUpdates.run(boardId, coversSeq)
        this.#statements.deleteOldSnapshots.run(boardId, boardId)
        return 'stored'
      })
      .immediate()
    if (result === 'stored') this.#tails.delete(boardId)
    return result
  }

  async tailSize(boardId: string): Promise<TailSize> {
    let tail = this.#tails.get(boardId)
    if (tail === undefined) {
      tail = { ...this.#statements.tailSize.get(boardId)! }
      this.#tails.set(boardId, tail)
    }
    return { ...tail }
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close()
  }
}
