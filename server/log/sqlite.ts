/**
 * The default board log: one embedded SQLite file in DATA_DIR. WAL with
 * synchronous=FULL makes every committed transaction durable before the
 * relay acks it; the relay batches appends so that costs one fsync per
 * event-loop turn, not per frame.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import {
  resolveLogOptions,
  type AppendItem,
  type AppendResult,
  type BoardLog,
  type BoardRecord,
  type HistoryVersion,
  type LogOptions,
  type Replay,
  type Retirement,
  type SealedEntry,
  type SnapshotItem,
  type SnapshotSize,
  type TailSize,
  type UpdatePage,
  UPDATE_PAGE_BYTES,
} from './types.ts'
import { versionsLetGo } from './historyRule.ts'
import { quotaRefusal } from './quota.ts'
import { migrate } from './sqliteSchema.ts'
import { WalTruncation } from './sqliteWalTruncation.ts'
import { TailSizes } from './tailSizes.ts'

export const SQLITE_FILE_NAME = 'common-ground.sqlite'

/**
 * How a commit is made durable. 'fsync' (the default, and all the server
 * ever uses) fsyncs the WAL on every commit: synchronous = FULL.
 * 'wal-write' commits into the OS cache only (synchronous = NORMAL): the
 * caller must fsync the `-wal` file itself before anything of the commit
 * leaves the server (walSync.ts). 'none'
 * never fsyncs (synchronous = OFF), so an acked commit may be lost to a
 * crash: only the deliberately unsafe test server asks for it
 * (tests/support/unsafeServer.ts), to show that the fsync proof catches it.
 */
export type SqliteDurability = 'fsync' | 'wal-write' | 'none'

export type SqliteLogOptions = Partial<LogOptions> & { durability?: SqliteDurability }

/** better-sqlite3 binds Buffers; this views the same bytes without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

const SYNCHRONOUS: Record<SqliteDurability, string> = { fsync: 'FULL', 'wal-write': 'NORMAL', none: 'OFF' }

type SnapshotRow = { seq: number; covers_seq: number; carries_changes: number; part_count: number }

export function openSqliteBoardLog(dataDir: string, options: SqliteLogOptions = {}): SqliteBoardLog {
  fs.mkdirSync(dataDir, { recursive: true })
  return new SqliteBoardLog(path.join(dataDir, SQLITE_FILE_NAME), options)
}

export class SqliteBoardLog implements BoardLog {
  readonly #db: Database.Database
  readonly #tails = new TailSizes()
  readonly #statements
  readonly #walTruncation: WalTruncation
  readonly #options: LogOptions
  readonly #now: () => number
  /** Bytes all live boards store, as committed: this process is the file's only writer, so it is kept exactly in memory. */
  #storedBytes: number
  /** What the transaction under way added to #storedBytes (negative when it freed more); applied once it commits. */
  #growthInTransaction = 0

  constructor(file: string, { durability = 'fsync', ...options }: SqliteLogOptions = {}) {
    this.#options = resolveLogOptions(options)
    this.#now = this.#options.now ?? Date.now
    this.#db = new Database(file)
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma(`synchronous = ${SYNCHRONOUS[durability]}`)
    this.#db.pragma('busy_timeout = 5000')
    // A deleted board's ciphertext is overwritten in the file, not left in free pages; the WAL is
    // emptied after each deletion (sqliteWalTruncation.ts).
    this.#db.pragma('secure_delete = ON')
    migrate(this.#db)
    this.#walTruncation = new WalTruncation(this.#db)
    const db = this.#db
    this.#statements = {
      insertBoard: db.prepare<[string, string, number]>('INSERT OR IGNORE INTO boards (id, token_hash, created_at) VALUES (?, ?, ?)'),
      board: db.prepare<
        [string],
        { token_hash: string | null; deleted_at: number | null; head_seq: number; moved: number; retired_note: Buffer | null }
      >('SELECT token_hash, deleted_at, head_seq, moved, retired_note FROM boards WHERE id = ?'),
      markRetired: db.prepare<[number, number, Buffer | null, string]>(
        'UPDATE boards SET deleted_at = ?, moved = ?, retired_note = ?, token_hash = NULL, stored_bytes = 0 WHERE id = ? AND deleted_at IS NULL',
      ),
      deleteUpdates: db.prepare<[string]>('DELETE FROM updates WHERE board_id = ?'),
      deleteSnapshots: db.prepare<[string]>('DELETE FROM snapshots WHERE board_id = ?'),
      deleteAllSnapshotParts: db.prepare<[string]>('DELETE FROM snapshot_parts WHERE board_id = ?'),
      latestSnapshot: db.prepare<[string], SnapshotRow>(
        'SELECT seq, covers_seq, carries_changes, part_count FROM snapshots WHERE board_id = ? ORDER BY seq DESC LIMIT 1',
      ),
      snapshotPart: db.prepare<[string, number, number], { sealed: Buffer }>(
        'SELECT sealed FROM snapshot_parts WHERE board_id = ? AND seq = ? AND part = ?',
      ),
      // length() of a BLOB is read from its header: no part is loaded to size a snapshot.
      snapshotSize: db.prepare<[string, number], SnapshotSize>(
        'SELECT count(*) AS partCount, coalesce(sum(length(sealed)), 0) AS bytes FROM snapshot_parts WHERE board_id = ? AND seq = ?',
      ),
      updatesBetween: db.prepare<[string, number, number], SealedEntry>(
        'SELECT seq, sealed FROM updates WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
      ),
      tailSize: db.prepare<[string], { updates: number; bytes: number }>(
        'SELECT count(*) AS updates, coalesce(sum(length(sealed)), 0) AS bytes FROM updates WHERE board_id = ?',
      ),
      storedBytes: db.prepare<[string], { stored_bytes: number }>('SELECT stored_bytes FROM boards WHERE id = ? AND deleted_at IS NULL'),
      allStoredBytes: db.prepare<[], { bytes: number }>(
        'SELECT coalesce(sum(stored_bytes), 0) AS bytes FROM boards WHERE deleted_at IS NULL',
      ),
      // An entry takes the next seq and adds what it grows the board by (negative when it frees more), in one statement.
      nextSeq: db.prepare<[number, string], { head_seq: number }>(
        'UPDATE boards SET head_seq = head_seq + 1, stored_bytes = stored_bytes + ? WHERE id = ? AND deleted_at IS NULL RETURNING head_seq',
      ),
      insertUpdate: db.prepare<[string, number, Buffer]>('INSERT INTO updates (board_id, seq, sealed) VALUES (?, ?, ?)'),
      insertSnapshot: db.prepare<[string, number, number, number, number, number]>(
        'INSERT INTO snapshots (board_id, seq, covers_seq, carries_changes, part_count, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertSnapshotPart: db.prepare<[string, number, number, Buffer]>(
        'INSERT INTO snapshot_parts (board_id, seq, part, sealed) VALUES (?, ?, ?, ?)',
      ),
      // json_each turns the keep list into rows: the updates the snapshot's poster could not read stay.
      coveredBytes: db.prepare<[string, number, string], { bytes: number }>(
        'SELECT coalesce(sum(length(sealed)), 0) AS bytes FROM updates WHERE board_id = ? AND seq <= ? AND seq NOT IN (SELECT value FROM json_each(?))',
      ),
      deleteCoveredUpdates: db.prepare<[string, number, string]>(
        'DELETE FROM updates WHERE board_id = ? AND seq <= ? AND seq NOT IN (SELECT value FROM json_each(?))',
      ),
      deleteSnapshot: db.prepare<[string, number]>('DELETE FROM snapshots WHERE board_id = ? AND seq = ?'),
      deleteSnapshotParts: db.prepare<[string, number]>('DELETE FROM snapshot_parts WHERE board_id = ? AND seq = ?'),
      history: db.prepare<[string], HistoryVersion>(
        `SELECT s.seq AS seq, s.covers_seq AS coversSeq, s.created_at AS createdAt,
                (SELECT coalesce(sum(length(p.sealed)), 0) FROM snapshot_parts p WHERE p.board_id = s.board_id AND p.seq = s.seq) AS bytes
           FROM snapshots s WHERE s.board_id = ? ORDER BY s.seq DESC`,
      ),
    }
    this.#storedBytes = this.#statements.allStoredBytes.get()!.bytes
  }

  async createBoard(boardId: string, tokenHash: string): Promise<'created' | 'exists'> {
    const { changes } = this.#statements.insertBoard.run(boardId, tokenHash, this.#now())
    return changes === 1 ? 'created' : 'exists'
  }

  async getBoard(boardId: string): Promise<BoardRecord | null> {
    const row = this.#statements.board.get(boardId)
    if (row === undefined) return null
    if (row.deleted_at !== null || row.token_hash === null) {
      const note = row.retired_note === null ? null : new Uint8Array(row.retired_note)
      return { status: 'retired', reason: row.moved === 1 ? 'moved' : 'deleted', note }
    }
    return { status: 'live', tokenHash: row.token_hash, headSeq: row.head_seq }
  }

  async retireBoard(boardId: string, reason: Retirement, note: Uint8Array | null = null): Promise<boolean> {
    const freed = this.#db
      .transaction(() => {
        const board = this.#statements.storedBytes.get(boardId)
        if (board === undefined) return null
        this.#statements.markRetired.run(this.#now(), reason === 'moved' ? 1 : 0, note === null ? null : Buffer.from(note), boardId)
        this.#statements.deleteUpdates.run(boardId)
        this.#statements.deleteSnapshots.run(boardId)
        this.#statements.deleteAllSnapshotParts.run(boardId)
        return board.stored_bytes
      })
      .immediate()
    this.#tails.forget(boardId)
    if (freed === null) return false
    this.#storedBytes -= freed
    this.#walTruncation.request()
    return true
  }

  async readReplay(boardId: string, knownSeq: number, pageBytes = UPDATE_PAGE_BYTES): Promise<Replay | null> {
    // One read transaction: the snapshot, the first page and the head are from the same moment.
    return this.#db
      .transaction((): Replay | null => {
        const board = this.#statements.board.get(boardId)
        if (board === undefined || board.deleted_at !== null) return null
        const latest = this.#statements.latestSnapshot.get(boardId)
        return {
          snapshot: latest !== undefined && latest.seq > knownSeq ? this.#snapshotHead(latest, knownSeq) : null,
          headSeq: board.head_seq,
          ...this.#updatePage(boardId, knownSeq, board.head_seq, pageBytes),
        }
      })
      .deferred()
  }

  /** A pure snapshot over entries the client already holds is announced, not sent again. */
  #snapshotHead(row: SnapshotRow, knownSeq: number): NonNullable<Replay['snapshot']> {
    const needsContent = row.carries_changes === 1 || row.covers_seq > knownSeq
    return {
      seq: row.seq,
      coversSeq: row.covers_seq,
      carriesChanges: row.carries_changes === 1,
      partCount: needsContent ? row.part_count : null,
    }
  }

  async readUpdates(boardId: string, afterSeq: number, throughSeq: number, pageBytes = UPDATE_PAGE_BYTES): Promise<UpdatePage | null> {
    return this.#db
      .transaction((): UpdatePage | null => {
        const board = this.#statements.board.get(boardId)
        if (board === undefined || board.deleted_at !== null) return null
        // Only a snapshot drops updates: none stored since the replay's head means none of these went.
        if ((this.#statements.latestSnapshot.get(boardId)?.seq ?? 0) > throughSeq) return null
        return this.#updatePage(boardId, afterSeq, throughSeq, pageBytes)
      })
      .deferred()
  }

  /** Rows are read one by one and the page stops once full, so a long tail is never loaded whole. */
  #updatePage(boardId: string, afterSeq: number, throughSeq: number, pageBytes: number): UpdatePage {
    const updates: SealedEntry[] = []
    let bytes = 0
    for (const entry of this.#statements.updatesBetween.iterate(boardId, afterSeq, throughSeq)) {
      if (bytes >= pageBytes) return { updates, moreUpdates: true }
      updates.push(entry)
      bytes += entry.sealed.byteLength
    }
    return { updates, moreUpdates: false }
  }

  async readSnapshotPart(boardId: string, seq: number, index: number): Promise<Uint8Array | null> {
    // A deleted board's parts went with it in the same transaction, so only the part itself need be asked for.
    return this.#statements.snapshotPart.get(boardId, seq, index)?.sealed ?? null
  }

  async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
    const now = this.#now()
    this.#growthInTransaction = 0
    const results = this.#db
      .transaction(() =>
        items.map((item) => (item.kind === 'update' ? this.#appendUpdate(item.boardId, item.sealed) : this.#storeSnapshot(item, now))),
      )
      .immediate()
    this.#storedBytes += this.#growthInTransaction
    this.#tails.committed(items, results)
    return results
  }

  #appendUpdate(boardId: string, sealed: Uint8Array): AppendResult {
    const board = this.#statements.storedBytes.get(boardId)
    if (board === undefined) return { status: 'board-gone' }
    const refusal = this.#refusal(board.stored_bytes, sealed.byteLength)
    if (refusal !== null) return { status: refusal }
    const seq = this.#takeSeq(boardId, sealed.byteLength)
    this.#statements.insertUpdate.run(boardId, seq, asBuffer(sealed))
    return { status: 'stored', seq }
  }

  #storeSnapshot(item: SnapshotItem, now: number): AppendResult {
    const { boardId, coversSeq } = item
    const board = this.#statements.board.get(boardId)
    if (board === undefined || board.deleted_at !== null) return { status: 'board-gone' }
    // The new snapshot must contain the latest one, so the latest snapshot always holds every earlier one.
    const latestSeq = this.#statements.latestSnapshot.get(boardId)?.seq ?? 0
    if (coversSeq > board.head_seq || coversSeq < latestSeq) return { status: 'out-of-range' }
    // Weighed as it will be once stored: the covered updates dropped, and the versions the history's rule lets go with it.
    const bytes = item.parts.reduce((sum, part) => sum + part.byteLength, 0)
    const keepSeqs = JSON.stringify(item.keepSeqs)
    const versions = [{ seq: board.head_seq + 1, createdAt: now, bytes }, ...this.#statements.history.all(boardId)]
    const letGo = versionsLetGo(versions, now - this.#options.historyRetentionMs)
    const freed =
      this.#statements.coveredBytes.get(boardId, coversSeq, keepSeqs)!.bytes + letGo.reduce((sum, version) => sum + version.bytes, 0)
    const refusal = this.#refusal(this.#statements.storedBytes.get(boardId)!.stored_bytes, bytes - freed)
    if (refusal !== null) return { status: refusal }
    const seq = this.#takeSeq(boardId, bytes - freed)
    this.#statements.insertSnapshot.run(boardId, seq, coversSeq, item.carriesChanges ? 1 : 0, item.parts.length, now)
    item.parts.forEach((part, index) => this.#statements.insertSnapshotPart.run(boardId, seq, index, asBuffer(part)))
    this.#statements.deleteCoveredUpdates.run(boardId, coversSeq, keepSeqs)
    for (const version of letGo) {
      this.#statements.deleteSnapshot.run(boardId, version.seq)
      this.#statements.deleteSnapshotParts.run(boardId, version.seq)
    }
    return { status: 'stored', seq }
  }

  #refusal(boardBytes: number, growth: number) {
    return quotaRefusal(this.#options, boardBytes, this.#storedBytes + this.#growthInTransaction, growth)
  }

  /** The board's next seq, for an entry that grows it by `growth` bytes. */
  #takeSeq(boardId: string, growth: number): number {
    this.#growthInTransaction += growth
    return this.#statements.nextSeq.get(growth, boardId)!.head_seq
  }

  async listHistory(boardId: string): Promise<HistoryVersion[] | null> {
    const board = this.#statements.board.get(boardId)
    if (board === undefined || board.deleted_at !== null) return null
    return this.#statements.history.all(boardId)
  }

  async snapshotSize(boardId: string, seq: number): Promise<SnapshotSize | null> {
    const size = this.#statements.snapshotSize.get(boardId, seq)!
    return size.partCount === 0 ? null : size
  }

  async headSeqs(boardIds: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map<string, number>()
    for (const boardId of boardIds) {
      const row = this.#statements.board.get(boardId)
      if (row !== undefined && row.deleted_at === null) heads.set(boardId, row.head_seq)
    }
    return heads
  }

  async tailSize(boardId: string): Promise<TailSize> {
    return this.#tails.get(boardId, () => this.#statements.tailSize.get(boardId)!)
  }

  async close(): Promise<void> {
    this.#walTruncation.stop()
    if (this.#db.open) this.#db.close()
  }

  async usage(): Promise<{ boards: number; storedBytes: number }> {
    // Prepared per call: callers ask every few seconds at most. A deleted board holds no updates or
    // parts, so whole-table sums count live boards only; length() of a BLOB is read from its header.
    return this.#db
      .prepare<[], { boards: number; storedBytes: number }>(
        `SELECT (SELECT count(*) FROM boards WHERE deleted_at IS NULL) AS boards,
                (SELECT coalesce(sum(length(sealed)), 0) FROM updates)
              + (SELECT coalesce(sum(length(sealed)), 0) FROM snapshot_parts) AS storedBytes`,
      )
      .get()!
  }
}
