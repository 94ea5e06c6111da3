/**
 * The short crash test in `npm test` (`npm run crash-test` runs 100 cycles):
 * writers under load, the real server killed with SIGKILL at random
 * moments and started again, and every acknowledged update found in the
 * store byte for byte, with no hole in any board's seqs — on SQLite, on
 * PostgreSQL (killed too, `-m immediate`), and with two processes sharing
 * PostgreSQL and Redis, one killed while the writers move to the other.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { openPostgresBoardLog } from '../../server/log/postgres.ts'
import { openSqliteBoardLog } from '../../server/log/sqlite.ts'
import { runCrashCycles, type CrashReport } from '../kit/crash/cycles.ts'
import { servicesForThisFile } from '../kit/services/servicesForThisFile.ts'

const services = servicesForThisFile()
const CYCLES = 5
const quiet = () => {}

function expectEveryAckFound(report: CrashReport): void {
  expect(report.failures).toEqual([])
  expect(report.passed).toBe(CYCLES)
  // Each cycle waited for new acks before its kill: the test ran under load.
  expect(report.acked).toBeGreaterThanOrEqual(CYCLES * 40)
  expect(report.found).toBe(report.acked)
}

const openPostgresLog = (url: string) => () => openPostgresBoardLog(url, { historyRetentionMs: Number.MAX_SAFE_INTEGER, logLine: quiet })

describe('crash cycles: every acknowledged update survives SIGKILL', () => {
  it('on SQLite', { timeout: 120_000 }, async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-crash-'))
    onTestFinished(() => fs.rm(dataDir, { recursive: true, force: true }))
    const report = await runCrashCycles({
      cycles: CYCLES,
      store: { kind: 'sqlite', dataDir },
      openLog: async () => openSqliteBoardLog(dataDir),
      logLine: quiet,
    })
    expectEveryAckFound(report)
  })

  it('on PostgreSQL, killed too on the third cycle', { timeout: 120_000 }, async () => {
    const databaseUrl = await services.postgres.createDatabase()
    const store = { kind: 'postgres' as const, databaseUrl, postgres: services.postgres, killPostgresEvery: 3 }
    const report = await runCrashCycles({ cycles: CYCLES, store, openLog: openPostgresLog(databaseUrl), logLine: quiet })
    expectEveryAckFound(report)
    expect(report.postgresKills).toBe(1)
  })

  it('with two processes on PostgreSQL and Redis, one killed while the writers move to the other', { timeout: 120_000 }, async () => {
    const databaseUrl = await services.postgres.createDatabase()
    const report = await runCrashCycles({
      cycles: CYCLES,
      store: { kind: 'postgres', databaseUrl },
      redisUrl: services.redis.url,
      openLog: openPostgresLog(databaseUrl),
      logLine: quiet,
    })
    expectEveryAckFound(report)
  })

  it('fails when the server acks before the commit (a fault put in on purpose): the test can fail', { timeout: 120_000 }, async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-crash-'))
    onTestFinished(() => fs.rm(dataDir, { recursive: true, force: true }))
    const report = await runCrashCycles({
      cycles: 3,
      store: { kind: 'sqlite', dataDir },
      server: { entry: ['--import', 'tsx', 'tests/kit/unsafeServer.ts'], env: { UNSAFE_FAULT: 'ack-before-commit' } },
      openLog: async () => openSqliteBoardLog(dataDir),
      logLine: quiet,
    })
    expect(report.failures.length).toBeGreaterThan(0)
    expect(report.failures[0]).toMatch(/^cycle \d+: \d+ acked updates missing/)
  })
})
