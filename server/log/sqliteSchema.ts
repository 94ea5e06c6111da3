/**
 * The SQLite log's schema, versioned with PRAGMA user_version so opening an
 * existing file is idempotent and a file from a newer server is refused
 * rather than misread.
 */
import type Database from 'better-sqlite3'

const SCHEMA_VERSION = 1

const SCHEMA_V1 = `
  -- A deleted board keeps its row (deleted_at set, token_hash cleared) so its id stays reserved.
  CREATE TABLE IF NOT EXISTS boards (
    id TEXT PRIMARY KEY,
    token_hash TEXT,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER,
    head_seq INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;

  -- The tail: only updates after the board's latest snapshot. Clustered by
  -- (board_id, seq), so a replay is one range scan. Updates are small.
  CREATE TABLE IF NOT EXISTS updates (
    board_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (board_id, seq)
  ) WITHOUT ROWID;

  -- A rowid table: snapshots are whole boards, too large for WITHOUT ROWID's clustered pages.
  CREATE TABLE IF NOT EXISTS snapshots (
    board_id TEXT NOT NULL,
    covers_seq INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS snapshots_by_board ON snapshots (board_id, covers_seq);
`

export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${version}, newer than this server's ${SCHEMA_VERSION}`)
    }
    if (version < 1) db.exec(SCHEMA_V1)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}
