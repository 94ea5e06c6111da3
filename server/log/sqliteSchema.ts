/**
 * The SQLite log's schema, versioned with PRAGMA user_version so opening an
 * existing file is idempotent and a file from a newer server is refused
 * rather than misread.
 */
import type Database from 'better-sqlite3'

const SCHEMA_VERSION = 5

const SCHEMA_V1 = `
  -- A deleted board keeps its row (deleted_at set, token_hash cleared) so its id stays reserved.
  CREATE TABLE IF NOT EXISTS boards (
    id TEXT PRIMARY KEY,
    token_hash TEXT,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER,
    head_seq INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;

  -- The tail: updates after the board's latest snapshot, and the few it kept. Clustered by
  -- (board_id, seq), so a replay is one range scan. Updates are small.
  CREATE TABLE IF NOT EXISTS updates (
    board_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (board_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE IF NOT EXISTS snapshots (
    board_id TEXT NOT NULL,
    covers_seq INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS snapshots_by_board ON snapshots (board_id, covers_seq);
`

/**
 * Version 2: a snapshot is an entry with a seq of its own, may carry changes
 * no update holds, and is stored in frame-sized parts (a board may be larger
 * than one frame). A version-1 snapshot held exactly the log up to its
 * covers_seq, so it becomes a snapshot at seq = covers_seq in one part.
 */
const MIGRATE_V1_TO_V2 = `
  ALTER TABLE snapshots RENAME TO snapshots_v1;
  DROP INDEX IF EXISTS snapshots_by_board;
  CREATE TABLE snapshots (
    board_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    covers_seq INTEGER NOT NULL,
    carries_changes INTEGER NOT NULL,
    part_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (board_id, seq)
  ) WITHOUT ROWID;
  -- A rowid table: parts are up to a frame in size, too large for WITHOUT ROWID's clustered pages.
  CREATE TABLE snapshot_parts (
    board_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    part INTEGER NOT NULL,
    sealed BLOB NOT NULL
  );
  CREATE UNIQUE INDEX snapshot_parts_by_snapshot ON snapshot_parts (board_id, seq, part);
  -- A version-1 snapshot covering 0 (a board moved to a new link) holds content no update holds. At
  -- seq 0 it would never be replayed (only entries after knownSeq are), so where it is still the
  -- board's latest it becomes the board's next entry, carrying changes, as version 2 would store it.
  ALTER TABLE snapshots_v1 ADD COLUMN seq INTEGER;
  UPDATE snapshots_v1 SET seq = covers_seq;
  UPDATE boards SET head_seq = head_seq + 1
    WHERE id IN (SELECT board_id FROM snapshots_v1 GROUP BY board_id HAVING max(covers_seq) = 0);
  UPDATE snapshots_v1 SET seq = (SELECT head_seq FROM boards WHERE boards.id = snapshots_v1.board_id)
    WHERE board_id IN (SELECT board_id FROM snapshots_v1 GROUP BY board_id HAVING max(covers_seq) = 0);
  INSERT INTO snapshots (board_id, seq, covers_seq, carries_changes, part_count, created_at)
    SELECT board_id, seq, covers_seq, covers_seq = 0, 1, created_at FROM snapshots_v1;
  INSERT INTO snapshot_parts (board_id, seq, part, sealed)
    SELECT board_id, seq, 0, sealed FROM snapshots_v1;
  DROP TABLE snapshots_v1;
`

/** Version 3: a retired board's tombstone says whether it was deleted or moved to a new link. */
const MIGRATE_V2_TO_V3 = `
  ALTER TABLE boards ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;
`

/**
 * Version 4: each board's stored bytes (its tail, snapshots and history, sealed), kept in step by
 * every write so the quota is checked without summing the board's rows; counted once here.
 */
const MIGRATE_V3_TO_V4 = `
  ALTER TABLE boards ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
  UPDATE boards SET stored_bytes =
      (SELECT coalesce(sum(length(sealed)), 0) FROM updates WHERE board_id = boards.id)
    + (SELECT coalesce(sum(length(sealed)), 0) FROM snapshot_parts WHERE board_id = boards.id);
`

/** Version 5: the sealed note a retiring device leaves with the tombstone (who retired the board, when). */
const MIGRATE_V4_TO_V5 = `
  ALTER TABLE boards ADD COLUMN retired_note BLOB;
`

export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${version}, newer than this server's ${SCHEMA_VERSION}`)
    }
    if (version < 1) db.exec(SCHEMA_V1)
    if (version < 2) db.exec(MIGRATE_V1_TO_V2)
    if (version < 3) db.exec(MIGRATE_V2_TO_V3)
    if (version < 4) db.exec(MIGRATE_V3_TO_V4)
    if (version < 5) db.exec(MIGRATE_V4_TO_V5)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}
