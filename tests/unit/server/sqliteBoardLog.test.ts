/** The storage contract against the SQLite log, plus what only SQLite has: its pragmas, schema version and migrations. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteBoardLog, SQLITE_FILE_NAME, SqliteBoardLog } from '../../../server/log/sqlite.ts'
import { readWholeReplay } from '../../../server/log/wholeReads.ts'
import { describeBoardLogContract } from '../../kit/boardLogContract.ts'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-unit-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
let dirs = 0
let latest = ''

describeBoardLogContract('SQLite', {
  async open(options) {
    latest = path.join(root, `log-${++dirs}`)
    return openSqliteBoardLog(latest, options)
  },
  async reopen(options) {
    return openSqliteBoardLog(latest, options)
  },
})

describe('the SQLite file', () => {
  it('is created in the data dir in WAL mode with a schema version, and opening it again is harmless', async () => {
    const dataDir = path.join(root, 'nested', 'data')
    await (await openSqliteBoardLog(dataDir)).close()
    await (await openSqliteBoardLog(dataDir)).close()
    const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('user_version', { simple: true })).toBe(5)
    db.close()
  })

  it('refuses a file written by a newer server', async () => {
    const dataDir = path.join(root, 'newer')
    fs.mkdirSync(dataDir)
    const db = new Database(path.join(dataDir, SQLITE_FILE_NAME))
    db.pragma('user_version = 99')
    db.close()
    expect(() => openSqliteBoardLog(dataDir)).toThrow(/schema version 99/)
  })
})

/** The version-1 schema as that server wrote it, by hand: the migration must read files already on disk. */
const VERSION_1_SCHEMA = `
  CREATE TABLE boards (id TEXT PRIMARY KEY, token_hash TEXT, created_at INTEGER NOT NULL, deleted_at INTEGER,
    head_seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
  CREATE TABLE updates (board_id TEXT NOT NULL, seq INTEGER NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (board_id, seq)) WITHOUT ROWID;
  CREATE TABLE snapshots (board_id TEXT NOT NULL, covers_seq INTEGER NOT NULL, sealed BLOB NOT NULL, created_at INTEGER NOT NULL);
  CREATE UNIQUE INDEX snapshots_by_board ON snapshots (board_id, covers_seq);
  PRAGMA user_version = 1;
`

/** A version-1 file: `boards` maps a board id to its head, its updates' seqs and its snapshots' covers_seq. */
function writeVersion1File(boards: Record<string, { head: number; updates: number[]; snapshots: number[] }>): string {
  const file = path.join(root, `v1-${++dirs}.sqlite`)
  const db = new Database(file)
  db.exec(VERSION_1_SCHEMA)
  for (const [id, board] of Object.entries(boards)) {
    db.prepare('INSERT INTO boards (id, token_hash, created_at, head_seq) VALUES (?, ?, 0, ?)').run(id, 'h'.repeat(43), board.head)
    for (const seq of board.updates) db.prepare('INSERT INTO updates VALUES (?, ?, ?)').run(id, seq, Buffer.from([seq]))
    for (const covers of board.snapshots)
      db.prepare('INSERT INTO snapshots VALUES (?, ?, ?, 0)').run(id, covers, Buffer.from([100 + covers]))
  }
  db.close()
  return file
}

describe('a version-1 SQLite file', () => {
  it('migrates: its latest snapshot becomes an entry at its coversSeq in one part, and replay and appends work', async () => {
    const id = 'A'.repeat(22)
    const file = writeVersion1File({ [id]: { head: 5, updates: [4, 5], snapshots: [1, 3] } })
    const log = new SqliteBoardLog(file)
    const replay = await readWholeReplay(log, id, 0)
    expect(replay?.snapshot).toEqual({ seq: 3, coversSeq: 3, carriesChanges: false, parts: [Buffer.from([103])] })
    expect(replay?.updates.map((u) => u.seq)).toEqual([4, 5])
    expect(replay?.headSeq).toBe(5)
    expect((await log.readReplay(id, 3))?.snapshot).toBeNull()
    expect(await log.tailSize(id)).toEqual({ updates: 2, bytes: 2 })
    expect(await log.append([{ kind: 'update', boardId: id, sealed: new Uint8Array([6]) }])).toEqual([{ status: 'stored', seq: 6 }])
    expect(
      await log.append([
        { kind: 'snapshot', boardId: id, coversSeq: 6, carriesChanges: false, keepSeqs: [], parts: [new Uint8Array([7])] },
      ]),
    ).toEqual([{ status: 'stored', seq: 7 }])
    await log.close()
    const db = new Database(file, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(5)
    db.close()
  })

  it('migrates to version 4 counting what each board already stores, so the quota holds for boards made before it', async () => {
    const id = 'Q'.repeat(22)
    // Two updates of one byte and two snapshots of one byte each: four bytes.
    const file = writeVersion1File({ [id]: { head: 5, updates: [4, 5], snapshots: [1, 3] } })
    const log = new SqliteBoardLog(file, { maxBoardBytes: 5 })
    const update = { kind: 'update', boardId: id, sealed: new Uint8Array([6]) } as const
    expect(await log.append([update, update])).toEqual([{ status: 'stored', seq: 6 }, { status: 'board-full' }])
    await log.close()
  })

  it('migrates a snapshot covering 0 (a board moved to a new link) so a new client still gets its content', async () => {
    const [moved, movedAndEdited] = ['M'.repeat(22), 'N'.repeat(22)]
    const file = writeVersion1File({
      [moved]: { head: 0, updates: [], snapshots: [0] },
      [movedAndEdited]: { head: 2, updates: [1, 2], snapshots: [0] },
    })
    const log = new SqliteBoardLog(file)
    const first = await readWholeReplay(log, moved, 0)
    expect(first?.snapshot).toMatchObject({ coversSeq: 0, carriesChanges: true, parts: [Buffer.from([100])] })
    expect(first?.headSeq).toBe(first?.snapshot?.seq)
    const second = await readWholeReplay(log, movedAndEdited, 0)
    expect(second?.snapshot).toMatchObject({ coversSeq: 0, carriesChanges: true, parts: [Buffer.from([100])] })
    expect(second?.updates.map((u) => u.seq)).toEqual([1, 2])
    // A new snapshot must still contain the migrated one.
    const next = await log.append([
      { kind: 'snapshot', boardId: movedAndEdited, coversSeq: 2, carriesChanges: false, keepSeqs: [], parts: [new Uint8Array(1)] },
    ])
    expect(next).toEqual([{ status: 'out-of-range' }])
    await log.close()
  })
})
