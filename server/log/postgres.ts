/**
 * The board log on PostgreSQL, for several server processes sharing one
 * database. It keeps the SQLite log's contract exactly; what differs is
 * that every answer comes from the database, never from a process's memory,
 * because another process may have written since. Every connection commits
 * with synchronous_commit = on, so an append is on disk before it resolves.
 * After a start, a database that goes away makes calls reject (the relay
 * closes those sockets as retryable) and the pool reconnects by itself when
 * it returns.
 */
import type pg from 'pg'
import { inBoardBatches } from '../common/boardBatches.ts'
import { appendInTransaction } from './postgresAppend.ts'
import { ServerStoredBytes } from './postgresStoredBytes.ts'
import { openPostgresPool } from './postgresPool.ts'
import { CONSISTENT_READ, inTransaction, READ_WRITE } from './postgresTransaction.ts'
import { BackgroundVacuum } from './postgresVacuum.ts'
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
  type SnapshotSize,
  type TailSize,
  type UpdatePage,
  UPDATE_PAGE_BYTES,
} from './types.ts'
import { readUpdatePage } from './postgresUpdatePage.ts'

export type PostgresLogOptions = Partial<LogOptions> & {
  /** Where failures that reach no caller go: a broken idle connection, a background vacuum. */
  logLine?: (line: string) => void
}

/** Connects, migrates the schema, and rejects with one line when it cannot. */
export async function openPostgresBoardLog(databaseUrl: string, options: PostgresLogOptions = {}): Promise<PostgresBoardLog> {
  const logLine = options.logLine ?? ((line: string) => void process.stderr.write(`${line}\n`))
  return new PostgresBoardLog(await openPostgresPool(databaseUrl, logLine), resolveLogOptions(options), logLine)
}

type BoardRow = { token_hash: string | null; deleted_at: number | null; head_seq: number; moved: boolean; retired_note: Buffer | null }
type ReplayHeadRow = { head_seq: number; seq: number | null; covers_seq: number; carries_changes: boolean; part_count: number }

export class PostgresBoardLog implements BoardLog {
  readonly #vacuum: BackgroundVacuum
  readonly #storedBytes: ServerStoredBytes
  readonly #now: () => number
  #closing: Promise<void> | null = null

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: LogOptions,
    logLine: (line: string) => void,
  ) {
    this.#vacuum = new BackgroundVacuum(pool, logLine)
    this.#storedBytes = new ServerStoredBytes(pool, Number.isFinite(options.maxStoredBytes))
    this.#now = options.now ?? Date.now
  }

  async createBoard(boardId: string, tokenHash: string): Promise<'created' | 'exists'> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO boards (id, token_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [boardId, tokenHash, this.#now()],
    )
    return rowCount === 1 ? 'created' : 'exists'
  }

  async getBoard(boardId: string): Promise<BoardRecord | null> {
    const { rows } = await this.pool.query<BoardRow>(
      'SELECT token_hash, deleted_at, head_seq, moved, retired_note FROM boards WHERE id = $1',
      [boardId],
    )
    const row = rows[0]
    if (row === undefined) return null
    if (row.deleted_at !== null || row.token_hash === null) {
      const note = row.retired_note === null ? null : new Uint8Array(row.retired_note)
      return { status: 'retired', reason: row.moved ? 'moved' : 'deleted', note }
    }
    return { status: 'live', tokenHash: row.token_hash, headSeq: row.head_seq }
  }

  async retireBoard(boardId: string, reason: Retirement, note: Uint8Array | null = null): Promise<boolean> {
    const retired = await inTransaction(this.pool, READ_WRITE, async (client) => {
      // The UPDATE takes the board's row lock, so no append to it is half done meanwhile.
      const { rowCount } = await client.query(
        `UPDATE boards SET deleted_at = $2, moved = $3, retired_note = $4, token_hash = NULL, tail_updates = 0, tail_bytes = 0, stored_bytes = 0
          WHERE id = $1 AND deleted_at IS NULL`,
        [boardId, this.#now(), reason === 'moved', note === null ? null : Buffer.from(note)],
      )
      if (rowCount === 0) return false
      await client.query('DELETE FROM updates WHERE board_id = $1', [boardId])
      await client.query('DELETE FROM snapshots WHERE board_id = $1', [boardId])
      return true
    })
    if (retired) {
      this.#vacuum.request()
      this.#storedBytes.forget()
    }
    return retired
  }

  async readReplay(boardId: string, knownSeq: number, pageBytes = UPDATE_PAGE_BYTES): Promise<Replay | null> {
    return inTransaction(this.pool, CONSISTENT_READ, async (client) => {
      const { rows } = await client.query<ReplayHeadRow>(
        `SELECT b.head_seq, s.seq, s.covers_seq, s.carries_changes, s.part_count
           FROM boards b LEFT JOIN snapshots s ON s.board_id = b.id AND s.seq = b.latest_snapshot_seq
          WHERE b.id = $1 AND b.deleted_at IS NULL`,
        [boardId],
      )
      const head = rows[0]
      if (head === undefined) return null
      return {
        snapshot: head.seq !== null && head.seq > knownSeq ? snapshotHead({ ...head, seq: head.seq }, knownSeq) : null,
        headSeq: head.head_seq,
        ...(await readUpdatePage(client, boardId, knownSeq, head.head_seq, pageBytes)),
      }
    })
  }

  async readUpdates(boardId: string, afterSeq: number, throughSeq: number, pageBytes = UPDATE_PAGE_BYTES): Promise<UpdatePage | null> {
    return inTransaction(this.pool, CONSISTENT_READ, async (client) => {
      // Only a snapshot drops updates: none stored since the replay's head means none of these went.
      const { rowCount } = await client.query('SELECT 1 FROM boards WHERE id = $1 AND deleted_at IS NULL AND latest_snapshot_seq <= $2', [
        boardId,
        throughSeq,
      ])
      return rowCount === 1 ? readUpdatePage(client, boardId, afterSeq, throughSeq, pageBytes) : null
    })
  }

  async readSnapshotPart(boardId: string, seq: number, index: number): Promise<Uint8Array | null> {
    // A deleted board's parts went with it, so only the part itself need be asked for.
    const { rows } = await this.pool.query<{ sealed: Buffer }>(
      'SELECT sealed FROM snapshot_parts WHERE board_id = $1 AND seq = $2 AND part = $3',
      [boardId, seq, index],
    )
    return rows[0]?.sealed ?? null
  }

  async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
    if (items.length === 0) return []
    const { historyRetentionMs, maxBoardBytes, maxStoredBytes } = this.options
    const serverBytes = await this.#storedBytes.read()
    const now = this.#now()
    const { results, storedGrowth } = await inTransaction(this.pool, READ_WRITE, (client) =>
      appendInTransaction(client, items, { historyRetentionMs, maxBoardBytes, maxStoredBytes, now, serverBytes }),
    )
    this.#storedBytes.grew(storedGrowth)
    return results
  }

  async listHistory(boardId: string): Promise<HistoryVersion[] | null> {
    if (!(await this.#isLive(boardId))) return null
    const { rows } = await this.pool.query<HistoryVersion>(
      `SELECT s.seq, s.covers_seq AS "coversSeq", s.created_at AS "createdAt",
              (SELECT coalesce(sum(octet_length(p.sealed)), 0) FROM snapshot_parts p WHERE p.board_id = s.board_id AND p.seq = s.seq) AS bytes
         FROM snapshots s WHERE s.board_id = $1 ORDER BY s.seq DESC`,
      [boardId],
    )
    return rows
  }

  async snapshotSize(boardId: string, seq: number): Promise<SnapshotSize | null> {
    const { rows } = await this.pool.query<SnapshotSize>(
      `SELECT count(*) AS "partCount", coalesce(sum(octet_length(sealed)), 0)::int8 AS bytes
         FROM snapshot_parts WHERE board_id = $1 AND seq = $2`,
      [boardId, seq],
    )
    return rows[0]!.partCount === 0 ? null : rows[0]!
  }

  async #isLive(boardId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM boards WHERE id = $1 AND deleted_at IS NULL', [boardId])
    return rowCount === 1
  }

  /** One query per BOARDS_PER_CALL boards, one after another: a check holds one pooled connection, whatever the number of boards. */
  async headSeqs(boardIds: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map<string, number>()
    for (const ids of inBoardBatches(boardIds)) {
      const { rows } = await this.pool.query<{ id: string; head_seq: number }>(
        'SELECT id, head_seq FROM boards WHERE id = ANY($1::text[]) AND deleted_at IS NULL',
        [ids],
      )
      for (const row of rows) heads.set(row.id, row.head_seq)
    }
    return heads
  }

  async tailSize(boardId: string): Promise<TailSize> {
    const { rows } = await this.pool.query<TailSize>('SELECT tail_updates AS updates, tail_bytes AS bytes FROM boards WHERE id = $1', [
      boardId,
    ])
    return rows[0] ?? { updates: 0, bytes: 0 }
  }

  async usage(): Promise<{ boards: number; storedBytes: number }> {
    // A deleted board holds no updates or parts, so whole-table sums count live boards only.
    const { rows } = await this.pool.query<{ boards: number; storedBytes: number }>(
      `SELECT (SELECT count(*) FROM boards WHERE deleted_at IS NULL) AS boards,
              ((SELECT coalesce(sum(octet_length(sealed)), 0) FROM updates)
             + (SELECT coalesce(sum(octet_length(sealed)), 0) FROM snapshot_parts))::int8 AS "storedBytes"`,
    )
    return rows[0]!
  }

  /** Idempotent: ends the pool once, after a running vacuum. */
  close(): Promise<void> {
    this.#closing ??= this.#vacuum.stop().then(() => this.pool.end())
    return this.#closing
  }
}

/** A pure snapshot over entries the client already holds is announced, not sent again. */
function snapshotHead(row: ReplayHeadRow & { seq: number }, knownSeq: number): NonNullable<Replay['snapshot']> {
  const needsContent = row.carries_changes || row.covers_seq > knownSeq
  return { seq: row.seq, coversSeq: row.covers_seq, carriesChanges: row.carries_changes, partCount: needsContent ? row.part_count : null }
}
