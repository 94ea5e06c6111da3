/**
 * `npm run migrate-to-postgres`: copies every board from the SQLite log under
 * DATA_DIR (default ./data) into the PostgreSQL database at DATABASE_URL,
 * once, when a server moves to PostgreSQL. Live boards come with their
 * updates, snapshots and parts, head seq and tail; deleted and moved boards
 * as their tombstones, so their ids stay taken.
 *
 * Stop the server first, and keep it stopped until the copy is done: a board
 * written during the copy could reach PostgreSQL without its latest entries.
 *
 * Each board is copied in its own transaction, and a board already in
 * PostgreSQL is skipped and counted, so a copy that stopped half-way (the
 * database went away) can simply be run again. It runs from the sources
 * through tsx, a development dependency: acceptable for a command an
 * operator runs once from a full checkout, never at a server's start.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type pg from 'pg'
import { openPostgresPool } from '../server/log/postgresPool.ts'
import { asBuffer, insertRows } from '../server/log/postgresRows.ts'
import { inTransaction, READ_WRITE } from '../server/log/postgresTransaction.ts'
import { SQLITE_FILE_NAME } from '../server/log/sqlite.ts'
import { migrate as migrateSqlite } from '../server/log/sqliteSchema.ts'

type BoardRow = { id: string; token_hash: string | null; created_at: number; deleted_at: number | null; moved: number; head_seq: number }
type UpdateRow = { seq: number; sealed: Buffer }
type SnapshotRow = { seq: number; covers_seq: number; carries_changes: number; part_count: number; created_at: number }
type PartRow = { seq: number; part: number; sealed: Buffer }

/** A board as the SQLite file holds it. */
type StoredBoard = { board: BoardRow; updates: UpdateRow[]; snapshots: SnapshotRow[]; parts: PartRow[] }

function exitWith(reason: string): never {
  process.stderr.write(`migrate-to-postgres: ${reason}\n`)
  process.exit(1)
}

function readBoard(db: Database.Database, board: BoardRow): StoredBoard {
  return {
    board,
    updates: db.prepare<[string], UpdateRow>('SELECT seq, sealed FROM updates WHERE board_id = ? ORDER BY seq').all(board.id),
    snapshots: db
      .prepare<[string], SnapshotRow>(
        'SELECT seq, covers_seq, carries_changes, part_count, created_at FROM snapshots WHERE board_id = ? ORDER BY seq',
      )
      .all(board.id),
    parts: db
      .prepare<[string], PartRow>('SELECT seq, part, sealed FROM snapshot_parts WHERE board_id = ? ORDER BY seq, part')
      .all(board.id),
  }
}

/** Copies one board; false when PostgreSQL already has a board with its id. */
async function copyBoard(client: pg.ClientBase, { board, updates, snapshots, parts }: StoredBoard): Promise<boolean> {
  const { rowCount } = await client.query(
    `INSERT INTO boards (id, token_hash, created_at, deleted_at, moved, head_seq, latest_snapshot_seq, tail_updates, tail_bytes, stored_bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
    [
      board.id,
      board.token_hash,
      board.created_at,
      board.deleted_at,
      board.moved === 1,
      board.head_seq,
      snapshots.at(-1)?.seq ?? 0,
      updates.length,
      updates.reduce((sum, update) => sum + update.sealed.byteLength, 0),
      // What the board's quota counts: its tail and every part of its snapshots.
      [...updates, ...parts].reduce((sum, row) => sum + row.sealed.byteLength, 0),
    ],
  )
  if (rowCount === 0) return false
  await insertRows(
    client,
    'updates (board_id, seq, sealed)',
    updates.map((u) => [board.id, u.seq, asBuffer(u.sealed)]),
  )
  await insertRows(
    client,
    'snapshots (board_id, seq, covers_seq, carries_changes, part_count, created_at)',
    snapshots.map((s) => [board.id, s.seq, s.covers_seq, s.carries_changes === 1, s.part_count, s.created_at]),
  )
  await insertRows(
    client,
    'snapshot_parts (board_id, seq, part, sealed)',
    parts.map((p) => [board.id, p.seq, p.part, asBuffer(p.sealed)]),
  )
  return true
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? ''
  if (databaseUrl === '') exitWith('DATABASE_URL is not set: set it to postgres://user:password@host:port/database')
  const file = path.join(path.resolve(process.env.DATA_DIR || './data'), SQLITE_FILE_NAME)
  if (!fs.existsSync(file)) exitWith(`there is no SQLite log at ${file}: set DATA_DIR to the directory that holds ${SQLITE_FILE_NAME}`)

  const db = new Database(file, { fileMustExist: true })
  // An older file is brought to the schema this code reads, as the server would at its start.
  migrateSqlite(db)
  db.pragma('query_only = ON')
  const pool = await openPostgresPool(databaseUrl, (line) => void process.stderr.write(`migrate-to-postgres: ${line}\n`)).catch(
    (error: Error) => exitWith(error.message),
  )
  const copied = { boards: 0, entries: 0, bytes: 0 }
  let skipped = 0
  try {
    // All board rows first: better-sqlite3 runs no other statement while one is being iterated.
    const boards = db.prepare<[], BoardRow>('SELECT id, token_hash, created_at, deleted_at, moved, head_seq FROM boards ORDER BY id').all()
    for (const board of boards) {
      const stored = readBoard(db, board)
      if (!(await inTransaction(pool, READ_WRITE, (client) => copyBoard(client, stored)))) {
        skipped += 1
        continue
      }
      copied.boards += 1
      copied.entries += stored.updates.length + stored.snapshots.length
      copied.bytes += [...stored.updates, ...stored.parts].reduce((sum, row) => sum + row.sealed.byteLength, 0)
    }
  } catch (error) {
    exitWith(
      `stopped after copying ${copied.boards} boards (run it again to copy the rest): ${error instanceof Error ? error.message : String(error)}`,
    )
  } finally {
    await pool.end()
    db.close()
  }
  process.stdout.write(
    `migrate-to-postgres: copied ${copied.boards} boards (${copied.entries} entries, ${copied.bytes} bytes); skipped ${skipped} already in PostgreSQL\n`,
  )
}

await main()
