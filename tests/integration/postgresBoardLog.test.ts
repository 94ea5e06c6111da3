/**
 * The storage contract against the PostgreSQL log (a real PostgreSQL 15, a
 * fresh database for every log), plus what only PostgreSQL has: a schema
 * version in the database, a server that may be unreachable or go away and
 * come back, and VACUUM after a deletion.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { openPostgresBoardLog, type PostgresBoardLog } from '../../server/log/postgres.ts'
import { POSTGRES_SCHEMA_VERSION } from '../../server/log/postgresSchema.ts'
import { freePort } from '../kit/ports.ts'
import { startPostgres, withPostgresClient, type PostgresServer } from '../kit/services/postgres.ts'
import { describeBoardLogContract } from '../kit/boardLogContract.ts'
import { readWholeReplay } from '../../server/log/wholeReads.ts'

let server: PostgresServer
let latest = ''
beforeAll(async () => {
  server = await startPostgres()
})
afterAll(() => server?.destroy())

describeBoardLogContract('PostgreSQL', {
  async open(options) {
    latest = await server.createDatabase()
    return openPostgresBoardLog(latest, options)
  },
  async reopen(options) {
    return openPostgresBoardLog(latest, options)
  },
})

const hash = 'h'.repeat(43)
const update = (boardId: string, ...values: number[]) => ({ kind: 'update' as const, boardId, sealed: new Uint8Array(values) })

/** A log on a fresh database whose lines are kept; closed when the test ends. */
async function openLog(): Promise<{ log: PostgresBoardLog; url: string; logLines: string[] }> {
  const url = await server.createDatabase()
  const logLines: string[] = []
  const log = await openPostgresBoardLog(url, { historyRetentionMs: 60_000, logLine: (line) => void logLines.push(line) })
  onTestFinished(() => log.close())
  return { log, url, logLines }
}

/** A loopback port nothing listens on. */
const closedPort = freePort

describe('the PostgreSQL schema', () => {
  it('two processes opening a fresh database at once both succeed: one migrates while the other waits', async () => {
    const url = await server.createDatabase()
    const [first, second] = await Promise.all([openPostgresBoardLog(url), openPostgresBoardLog(url)])
    onTestFinished(() => Promise.all([first.close(), second.close()]).then(() => {}))
    expect(await first.createBoard('A'.repeat(22), hash)).toBe('created')
    expect(await second.createBoard('A'.repeat(22), hash)).toBe('exists')
    const versions = await withPostgresClient(url, (client) => client.query('SELECT version FROM schema_version'))
    expect(versions.rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }])
  })

  it('a version-1 database migrates to version 2 counting what each board already stores, so the quota holds for boards made before it', async () => {
    const url = await server.createDatabase()
    const id = 'Q'.repeat(22)
    const first = await openPostgresBoardLog(url)
    await first.createBoard(id, hash)
    await first.append([update(id, 1, 2), update(id, 3)])
    await first.close()
    // As a version-1 server left it: no stored_bytes column (nor the later retired_note).
    await withPostgresClient(url, (client) =>
      client.query('ALTER TABLE boards DROP COLUMN stored_bytes, DROP COLUMN retired_note; UPDATE schema_version SET version = 1'),
    )
    const log = await openPostgresBoardLog(url, { maxBoardBytes: 4 })
    onTestFinished(() => log.close())
    expect(await log.append([update(id, 4), update(id, 5)])).toEqual([{ status: 'stored', seq: 3 }, { status: 'board-full' }])
  })

  it('a database whose schema is newer than the server’s is refused with one line saying so', async () => {
    const url = await server.createDatabase()
    await (await openPostgresBoardLog(url)).close()
    await withPostgresClient(url, (client) => client.query('UPDATE schema_version SET version = 99'))
    const refused = openPostgresBoardLog(url)
    await expect(refused).rejects.toThrow(
      new RegExp(`^the database's schema is version 99, newer than this server's ${POSTGRES_SCHEMA_VERSION}: upgrade the server$`),
    )
  })
})

describe('reaching PostgreSQL', () => {
  it('a refused connection rejects at once with one line naming host:port and the reason, never the password', async () => {
    const port = await closedPort()
    const began = Date.now()
    const error: Error = await openPostgresBoardLog(`postgres://someone:secret-password@127.0.0.1:${port}/boards`).catch((e) => e)
    expect(error.message).toBe(`cannot reach PostgreSQL at 127.0.0.1:${port}: connection refused`)
    expect(Date.now() - began).toBeLessThan(2000)
  })

  it('a malformed URL is refused with one line that does not repeat it', async () => {
    for (const url of ['not a url at all', 'mysql://someone:secret-password@127.0.0.1/boards']) {
      const error: Error = await openPostgresBoardLog(url).catch((e) => e)
      expect(error.message).toBe('the PostgreSQL URL is malformed: expected postgres://user:password@host:port/database')
    }
  })

  it('an append while PostgreSQL is down rejects with nothing stored, and the same log works again once it is back', async () => {
    const { log, logLines } = await openLog()
    const id = 'D'.repeat(22)
    try {
      await log.createBoard(id, hash)
      expect(await log.append([update(id, 1)])).toEqual([{ status: 'stored', seq: 1 }])
      await server.stop()
      await expect(log.append([update(id, 2)])).rejects.toThrow()
      await expect(log.tailSize(id)).rejects.toThrow()
    } finally {
      await server.start()
    }
    expect(await log.append([update(id, 3)])).toEqual([{ status: 'stored', seq: 2 }])
    expect((await readWholeReplay(log, id, 0))?.updates.map((entry) => [...entry.sealed])).toEqual([[1], [3]])
    // The connections that broke while idle were logged and dropped, not thrown.
    expect(logLines.length).toBeGreaterThan(0)
    for (const line of logLines)
      expect(line).toMatch(/^postgres: an idle connection failed: terminating connection due to administrator command$/)
    // A clean stop writes a checkpoint and fsyncs it, and the start waits for recovery: on a machine busy with other
    // fsyncs the two took more than the default 30 s (a CI run). No timing is asserted here, only the outcome.
  }, 120_000)
})

describe('deleting a board on PostgreSQL', () => {
  it('starts a VACUUM of the tables that held its ciphertext, without the caller waiting for it', async () => {
    const { log, url } = await openLog()
    const id = 'V'.repeat(22)
    await log.createBoard(id, hash)
    await log.append([update(id, 1), update(id, 2)])
    expect(await log.retireBoard(id, 'deleted')).toBe(true)
    // close() waits for a vacuum already running, so once it resolves the statistics show it.
    await log.close()
    const vacuumed = await withPostgresClient(url, (client) =>
      client.query<{ relname: string }>(
        "SELECT relname FROM pg_stat_user_tables WHERE vacuum_count > 0 AND relname IN ('updates', 'snapshots', 'snapshot_parts') ORDER BY relname",
      ),
    )
    expect(vacuumed.rows.map((row) => row.relname)).toEqual(['snapshot_parts', 'snapshots', 'updates'])
  })
})
