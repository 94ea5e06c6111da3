/**
 * `npm run crash-test [-- --cycles N] [--with-services]`: crash cycles
 * (tests/kit/crash/cycles.ts) against the real server, on loopback, bounded.
 *
 * - Always on SQLite, in a temp dir.
 * - On PostgreSQL when DATABASE_URL is set (that database is written to,
 *   under new board ids, and never killed: it is not ours), and with two
 *   processes when REDIS_URL is set too.
 * - `--with-services` starts a PostgreSQL 15 and a Redis of its own
 *   instead (Debian's packages, as the tests do), so PostgreSQL is killed
 *   too (`pg_ctl stop -m immediate`) every fifth cycle.
 *
 * Prints one line per cycle and a table, and writes the table to its part
 * of docs/reliability.md; exits 1 if any acked update was missing or any
 * board's seqs had a hole.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openPostgresBoardLog } from '../server/log/postgres.ts'
import { openSqliteBoardLog } from '../server/log/sqlite.ts'
import { startPostgres, type PostgresServer } from '../tests/kit/services/postgres.ts'
import { startRedis, type RedisServer } from '../tests/kit/services/redis.ts'
import { runCrashCycles, type CrashPlan, type CrashReport } from '../tests/kit/crash/cycles.ts'
import { crashResult, crashTable } from './crash/report.ts'
import { commandLine, writeReliability } from './reliabilityDoc.ts'

function readArgs(argv: readonly string[]): { cycles: number; withServices: boolean } {
  let cycles = 100
  let withServices = false
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cycles' && /^\d+$/.test(argv[i + 1] ?? '') && Number(argv[i + 1]) > 0) cycles = Number(argv[++i])
    else if (argv[i] === '--with-services') withServices = true
    else {
      process.stderr.write(
        `crash-test: unknown argument ${JSON.stringify(argv[i])}; use --cycles N (a positive whole number) and --with-services\n`,
      )
      process.exit(2)
    }
  }
  return { cycles, withServices }
}

const { cycles, withServices } = readArgs(process.argv.slice(2))
const startedAt = new Date()
const logLine = (line: string) => void process.stderr.write(`${line}\n`)
const quiet = () => {}
const reports: CrashReport[] = []
let postgres: PostgresServer | null = null
let redis: RedisServer | null = null

try {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-crash-'))
  try {
    reports.push(
      await runCrashCycles({ cycles, store: { kind: 'sqlite', dataDir }, openLog: async () => openSqliteBoardLog(dataDir), logLine }),
    )
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true })
  }

  let databaseUrl = process.env.DATABASE_URL || null
  let redisUrl = process.env.REDIS_URL || null
  if (withServices) {
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    databaseUrl = await postgres.createDatabase()
    redisUrl = redis.url
  }
  if (databaseUrl !== null) {
    const url = databaseUrl
    const openLog = () => openPostgresBoardLog(url, { historyRetentionMs: Number.MAX_SAFE_INTEGER, logLine: quiet })
    const store: CrashPlan['store'] = { kind: 'postgres', databaseUrl: url, postgres: postgres ?? undefined }
    reports.push(await runCrashCycles({ cycles, store, openLog, logLine }))
    if (redisUrl !== null)
      reports.push(await runCrashCycles({ cycles, store: { kind: 'postgres', databaseUrl: url }, redisUrl, openLog, logLine }))
  }
} finally {
  await Promise.all([postgres?.destroy(), redis?.destroy()])
}

process.stdout.write(`${crashTable(reports)}\n`)
writeReliability('crash-test', {
  command: commandLine('crash-test', process.argv.slice(2)),
  startedAt,
  result: crashResult(reports),
  body: crashTable(reports),
})
process.exit(reports.every((report) => report.failures.length === 0) ? 0 : 1)
