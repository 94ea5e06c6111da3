/**
 * The PostgreSQL log's schema, versioned in a one-row `schema_version` table
 * so opening an existing database is idempotent and a database written by a
 * newer server is refused rather than misread. The same tables as SQLite's
 * schema 5, plus three columns on `boards` (the latest snapshot's seq and
 * the tail's size) that every process would otherwise have to recompute.
 */
import type pg from 'pg'

export const POSTGRES_SCHEMA_VERSION = 3

/**
 * Any fixed number will do, as long as every process of this server takes the
 * same one: two processes starting at once then migrate one after the other.
 */
const MIGRATION_LOCK = 0x436f_6d47

const SCHEMA_V1 = `
  -- A retired board keeps its row (deleted_at set, token_hash cleared) so its id stays reserved.
  -- Every append rewrites its board's row: free space on each page lets PostgreSQL update it in place (HOT).
  CREATE TABLE boards (
    id TEXT PRIMARY KEY,
    token_hash TEXT,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT,
    moved BOOLEAN NOT NULL DEFAULT false,
    head_seq BIGINT NOT NULL DEFAULT 0,
    -- Kept on the row an append locks, so the snapshot rule reads no other table.
    latest_snapshot_seq BIGINT NOT NULL DEFAULT 0,
    -- The tail's size, kept in step by every append and snapshot: one indexed read for any process.
    tail_updates BIGINT NOT NULL DEFAULT 0,
    tail_bytes BIGINT NOT NULL DEFAULT 0
  ) WITH (fillfactor = 80);

  CREATE TABLE updates (
    board_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    sealed BYTEA NOT NULL,
    PRIMARY KEY (board_id, seq)
  );

  CREATE TABLE snapshots (
    board_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    covers_seq BIGINT NOT NULL,
    carries_changes BOOLEAN NOT NULL,
    part_count INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (board_id, seq)
  );

  -- A snapshot's parts go with it.
  CREATE TABLE snapshot_parts (
    board_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    part INTEGER NOT NULL,
    sealed BYTEA NOT NULL,
    PRIMARY KEY (board_id, seq, part),
    FOREIGN KEY (board_id, seq) REFERENCES snapshots ON DELETE CASCADE
  );

  -- Ciphertext does not compress: store it out of line as it is, without trying.
  ALTER TABLE updates ALTER COLUMN sealed SET STORAGE EXTERNAL;
  ALTER TABLE snapshot_parts ALTER COLUMN sealed SET STORAGE EXTERNAL;
`

/**
 * Version 2: each board's stored bytes (its tail, snapshots and history, sealed), kept in step by
 * every append on the row it locks, so the quota is checked without summing the board's rows.
 */
const MIGRATE_V1_TO_V2 = `
  ALTER TABLE boards ADD COLUMN stored_bytes BIGINT NOT NULL DEFAULT 0;
  UPDATE boards b SET stored_bytes =
      (SELECT coalesce(sum(octet_length(sealed)), 0) FROM updates WHERE board_id = b.id)
    + (SELECT coalesce(sum(octet_length(sealed)), 0) FROM snapshot_parts WHERE board_id = b.id)
   WHERE deleted_at IS NULL;
`

/** Version 3: the sealed note a retiring device leaves with the tombstone (who retired the board, when). */
const MIGRATE_V2_TO_V3 = `
  ALTER TABLE boards ADD COLUMN IF NOT EXISTS retired_note BYTEA;
`

/** Brings the database to this server's schema, in one transaction that two processes never run at once. */
export async function migratePostgres(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_version (only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row), version INTEGER NOT NULL)',
    )
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version')
    const version = rows[0]?.version ?? 0
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new Error(
        `the database's schema is version ${version}, newer than this server's ${POSTGRES_SCHEMA_VERSION}: upgrade the server`,
      )
    }
    if (version < 1) await client.query(SCHEMA_V1)
    if (version < 2) await client.query(MIGRATE_V1_TO_V2)
    if (version < 3) await client.query(MIGRATE_V2_TO_V3)
    await client.query('INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version', [
      POSTGRES_SCHEMA_VERSION,
    ])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}
