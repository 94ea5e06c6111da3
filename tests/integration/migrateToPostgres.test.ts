/**
 * `npm run migrate-to-postgres` run as an operator runs it, on a SQLite log
 * holding every kind of board: afterwards the PostgreSQL log answers every
 * question exactly as the SQLite one did, and running it again copies
 * nothing. Without its settings or its file it stops with one line.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { openPostgresBoardLog } from '../../server/log/postgres.ts'
import { openSqliteBoardLog } from '../../server/log/sqlite.ts'
import type { AppendItem, BoardLog } from '../../server/log/types.ts'
import { startPostgres, type PostgresServer } from '../kit/services/postgres.ts'
import { readWholeReplay, readWholeSnapshot } from '../../server/log/wholeReads.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

let server: PostgresServer
beforeAll(async () => {
  server = await startPostgres()
})
afterAll(() => server?.destroy())

function migrateToPostgres(env: Record<string, string>) {
  return spawnSync('npm', ['run', '--silent', 'migrate-to-postgres'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  })
}

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-migrate-'))
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

const hash = (n: number) => String(n).repeat(43)
const bytes = (...values: number[]) => new Uint8Array(values)
const update = (boardId: string, ...values: number[]): AppendItem => ({ kind: 'update', boardId, sealed: bytes(...values) })
const snapshot = (
  boardId: string,
  coversSeq: number,
  parts: Uint8Array[],
  options: { keepSeqs?: number[]; carriesChanges?: boolean } = {},
): AppendItem => ({
  kind: 'snapshot',
  boardId,
  coversSeq,
  carriesChanges: options.carriesChanges ?? false,
  keepSeqs: options.keepSeqs ?? [],
  parts,
})

const ids = {
  withHistory: 'history'.padEnd(22, '0'),
  updatesOnly: 'updates'.padEnd(22, '0'),
  empty: 'empty'.padEnd(22, '0'),
  movedHere: 'moved-here'.padEnd(22, '0'),
  deleted: 'deleted'.padEnd(22, '0'),
  movedAway: 'moved-away'.padEnd(22, '0'),
}

/** Every kind of board the SQLite log holds: snapshots in several parts, kept updates, history, tombstones. */
async function fillSqliteLog(log: BoardLog): Promise<void> {
  for (const [n, id] of Object.values(ids).entries()) await log.createBoard(id, hash(n))
  const { withHistory, updatesOnly, movedHere, deleted, movedAway } = ids
  await log.append([update(withHistory, 1), update(withHistory, 2, 2), update(withHistory, 3), update(updatesOnly, 9, 9, 9)])
  await log.append([
    snapshot(withHistory, 3, [bytes(10, 11), new Uint8Array(5000).fill(12), bytes(13)], { keepSeqs: [2] }),
    update(withHistory, 5),
  ])
  await log.append([update(withHistory, 6), snapshot(withHistory, 5, [bytes(20), bytes(21)]), update(withHistory, 8, 8)])
  await log.append([update(updatesOnly, 7), snapshot(movedHere, 0, [bytes(30), bytes(31)], { carriesChanges: true })])
  await log.append([update(deleted, 1), update(movedAway, 1), snapshot(movedAway, 1, [bytes(40)])])
  await log.retireBoard(deleted, 'deleted')
  await log.retireBoard(movedAway, 'moved')
}

/** What a log answers about a board, by every method a server asks. */
async function everythingAbout(log: BoardLog, id: string) {
  const board = await log.getBoard(id)
  const headSeq = board?.status === 'live' ? board.headSeq : 0
  const history = await log.listHistory(id)
  return {
    board,
    // A client never asks past the head.
    replays: await Promise.all(
      [0, 1, 3, 4, 6].filter((knownSeq) => knownSeq <= headSeq).map((knownSeq) => readWholeReplay(log, id, knownSeq)),
    ),
    tail: await log.tailSize(id),
    history,
    versions: await Promise.all((history ?? []).map((version) => readWholeSnapshot(log, id, version.seq))),
  }
}

describe('npm run migrate-to-postgres', () => {
  it('copies every board, live and retired, so the PostgreSQL log answers exactly as the SQLite one; run again, it skips them all', async () => {
    const dataDir = tempDataDir()
    const sqlite = openSqliteBoardLog(dataDir)
    await fillSqliteLog(sqlite)
    const expected = await Promise.all(Object.values(ids).map((id) => everythingAbout(sqlite, id)))
    const expectedHeads = await sqlite.headSeqs(Object.values(ids))
    const { storedBytes } = await sqlite.usage()
    const entries = expected.reduce((sum, board) => sum + (board.replays[0]?.updates.length ?? 0) + (board.history?.length ?? 0), 0)
    await sqlite.close()

    const url = await server.createDatabase()
    const first = migrateToPostgres({ DATA_DIR: dataDir, DATABASE_URL: url })
    expect(first.stderr).toBe('')
    expect(first.stdout).toBe(
      `migrate-to-postgres: copied 6 boards (${entries} entries, ${storedBytes} bytes); skipped 0 already in PostgreSQL\n`,
    )
    expect(first.status).toBe(0)

    const postgres = await openPostgresBoardLog(url)
    onTestFinished(() => postgres.close())
    for (const [i, id] of Object.values(ids).entries()) expect(await everythingAbout(postgres, id), id).toEqual(expected[i])
    expect(await postgres.headSeqs(Object.values(ids))).toEqual(expectedHeads)
    expect(await postgres.usage()).toEqual({ boards: 4, storedBytes })
    // Seqs and the snapshot rule go on from where SQLite left them.
    expect(await postgres.append([snapshot(ids.withHistory, 6, [bytes(1)]), update(ids.withHistory, 1)])).toEqual([
      { status: 'out-of-range' },
      { status: 'stored', seq: 9 },
    ])
    // The quota counts what each board brought with it.
    const now = await everythingAbout(postgres, ids.withHistory)
    const boardBytes = now.tail.bytes + now.history!.reduce((sum, version) => sum + version.bytes, 0)
    const atQuota = await openPostgresBoardLog(url, { maxBoardBytes: boardBytes + 1 })
    onTestFinished(() => atQuota.close())
    expect(await atQuota.append([update(ids.withHistory, 1), update(ids.withHistory, 1)])).toEqual([
      { status: 'stored', seq: 10 },
      { status: 'board-full' },
    ])

    const again = migrateToPostgres({ DATA_DIR: dataDir, DATABASE_URL: url })
    expect(again.stdout).toBe('migrate-to-postgres: copied 0 boards (0 entries, 0 bytes); skipped 6 already in PostgreSQL\n')
    expect(again.status).toBe(0)
  })

  it('refuses with one line when DATABASE_URL is unset or malformed, or there is no SQLite file', async () => {
    const dataDir = tempDataDir()
    await openSqliteBoardLog(dataDir).close()
    const url = server.urlFor('postgres')
    const cases: [Record<string, string>, RegExp][] = [
      [{ DATA_DIR: dataDir }, /^migrate-to-postgres: DATABASE_URL is not set: set it to postgres:\/\/user:password@host:port\/database\n$/],
      [{ DATA_DIR: dataDir, DATABASE_URL: 'localhost:5432' }, /^migrate-to-postgres: the PostgreSQL URL is malformed: .*\n$/],
      [
        { DATA_DIR: path.join(dataDir, 'missing'), DATABASE_URL: url },
        /^migrate-to-postgres: there is no SQLite log at .*missing\/common-ground\.sqlite: set DATA_DIR to the directory that holds common-ground\.sqlite\n$/,
      ],
    ]
    for (const [env, message] of cases) {
      const refused = migrateToPostgres(env)
      expect(refused.stderr, JSON.stringify(env)).toMatch(message)
      expect(refused.stdout).toBe('')
      expect(refused.status).toBe(1)
    }
  })
})
