/**
 * Looks into the SQLite file a test server writes, through a second
 * connection (WAL lets it read while the server writes).
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { SQLITE_FILE_NAME } from '../../server/log/sqlite.ts'

export function withStoredLog<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    return read(db)
  } finally {
    db.close()
  }
}

export function countStoredUpdates(dataDir: string, boardId: string): number {
  return withStoredLog(
    dataDir,
    (db) => (db.prepare('SELECT count(*) AS n FROM updates WHERE board_id = ?').get(boardId) as { n: number }).n,
  )
}

export function storedSnapshotSeqs(dataDir: string, boardId: string): number[] {
  return withStoredLog(dataDir, (db) =>
    (db.prepare('SELECT seq FROM snapshots WHERE board_id = ? ORDER BY seq').all(boardId) as { seq: number }[]).map((row) => row.seq),
  )
}

export function storedUpdateSeqs(dataDir: string, boardId: string): number[] {
  return withStoredLog(dataDir, (db) =>
    (db.prepare('SELECT seq FROM updates WHERE board_id = ? ORDER BY seq').all(boardId) as { seq: number }[]).map((row) => row.seq),
  )
}

/** Every byte of the database: the main file plus its WAL and shared-memory files, if present. */
export function readStoredBytes(dataDir: string): Buffer {
  const files = fs.readdirSync(dataDir).filter((name) => name.startsWith(SQLITE_FILE_NAME))
  return Buffer.concat(files.map((name) => fs.readFileSync(path.join(dataDir, name))))
}
