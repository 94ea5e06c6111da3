/**
 * Crash cycles: writers push under steady load; at a random moment the
 * server is killed with SIGKILL (and, on some cycles, PostgreSQL with
 * `pg_ctl stop -m immediate`); it is started again on the same store, and
 * the store must hold every update acknowledged so far, byte for byte, with
 * no hole in any board's seqs. With two processes behind a balancer, one of
 * them is killed while the writers move to the other.
 */
import type { BoardLog } from '../../../server/log/types.ts'
import { createBoard } from '../boards.ts'
import { sleep, within } from '../waits.ts'
import { freePort } from '../ports.ts'
import type { PostgresServer } from '../services/postgres.ts'
import { startTcpBalancer, type TcpBalancer } from '../services/balancer.ts'
import { AckRecorder, type Verdict } from './recorder.ts'
import { RestartableServer } from '../serverProcess.ts'
import { CrashWriter, type CrashBoard } from './writer.ts'

export type CrashStore =
  | { kind: 'sqlite'; dataDir: string }
  /** `postgres` given: the test owns that server and kills it too on some cycles. */
  | { kind: 'postgres'; databaseUrl: string; postgres?: PostgresServer; killPostgresEvery?: number }

export type CrashPlan = {
  cycles: number
  store: CrashStore
  /** Two processes share the store through this Redis, behind a balancer; one is killed per cycle. */
  redisUrl?: string
  boards?: number
  writersPerBoard?: number
  /** How the store is read between cycles: a log over it, opened and closed by the caller's function. */
  openLog(): Promise<BoardLog>
  /** What node runs instead of the real server, with env of its own: a test shows a deliberate fault is caught. */
  server?: { entry: readonly string[]; env: Record<string, string> }
  logLine(line: string): void
}

export type CrashReport = {
  label: string
  cycles: number
  passed: number
  acked: number
  found: number
  postgresKills: number
  failures: string[]
  seconds: number
}

/** Each cycle waits for this many new acks before its kill, so every kill lands under load. */
const ACKS_BEFORE_KILL = 40
const PROGRESS_TIMEOUT_MS = 30_000
/** The kill comes up to this long after the acks above: a random moment, not a fixed phase. */
const KILL_JITTER_MS = 400

export async function runCrashCycles(plan: CrashPlan): Promise<CrashReport> {
  const started = performance.now()
  const processes = plan.redisUrl === undefined ? 1 : 2
  const label = `${plan.store.kind}${processes === 2 ? ', two processes + Redis' : ''}`
  const servers = await startServers(plan, processes)
  let balancer: TcpBalancer | null = null
  const writers: CrashWriter[] = []
  const report: CrashReport = { label, cycles: plan.cycles, passed: 0, acked: 0, found: 0, postgresKills: 0, failures: [], seconds: 0 }
  try {
    if (processes === 2) balancer = await startTcpBalancer(servers.map((server) => server.port))
    const wsUrl = balancer?.wsUrl ?? servers[0]!.wsUrl
    const boards = await createBoards(servers[0]!.url, plan.boards ?? 20)
    const recorder = new AckRecorder()
    for (const board of boards) {
      for (let i = 0; i < (plan.writersPerBoard ?? 2); i++) writers.push(new CrashWriter(wsUrl, board, recorder))
    }
    for (const writer of writers) writer.start()

    for (let cycle = 1; cycle <= plan.cycles; cycle++) {
      await untilAcked(recorder, recorder.count + ACKS_BEFORE_KILL, () => servers.map((s) => s.stderr).join(''))
      await sleep(Math.random() * KILL_JITTER_MS)
      const victims = processes === 2 ? [servers[Math.floor(Math.random() * 2)]!] : servers
      const postgres = postgresToKill(plan.store, cycle)
      await Promise.all([...victims.map((server) => server.kill()), postgres?.kill()])
      if (postgres) {
        report.postgresKills++
        await postgres.start()
      }
      for (const server of victims) await server.start()
      const verdict = await verifyStore(plan, recorder, boards)
      report.acked = verdict.acked
      report.found = verdict.found
      if (verdict.missing.length === 0 && verdict.holes.length === 0) report.passed++
      else report.failures.push(`cycle ${cycle}: ${describeFailure(verdict)}`)
      plan.logLine(
        `crash-test ${label}: cycle ${cycle}/${plan.cycles}, ${verdict.found}/${verdict.acked} acked updates found${postgres ? ' (PostgreSQL killed too)' : ''}`,
      )
    }
  } finally {
    for (const writer of writers) writer.stop()
    await balancer?.close()
    for (const server of servers) await server.kill()
  }
  report.seconds = Math.round((performance.now() - started) / 100) / 10
  return report
}

/** The PostgreSQL this cycle kills with the server, when the test owns one and the cycle is due. */
function postgresToKill(store: CrashStore, cycle: number): PostgresServer | null {
  if (store.kind !== 'postgres' || store.postgres === undefined) return null
  return cycle % (store.killPostgresEvery ?? 5) === 0 ? store.postgres : null
}

async function startServers(plan: CrashPlan, processes: number): Promise<RestartableServer[]> {
  const env: Record<string, string> =
    plan.store.kind === 'sqlite'
      ? { DATA_DIR: plan.store.dataDir }
      : { DATABASE_URL: plan.store.databaseUrl, ...(plan.redisUrl ? { REDIS_URL: plan.redisUrl } : {}) }
  const servers: RestartableServer[] = []
  for (let i = 0; i < processes; i++)
    servers.push(new RestartableServer(await freePort(), { ...env, ...plan.server?.env }, plan.server?.entry))
  for (const server of servers) await server.start()
  return servers
}

async function createBoards(httpUrl: string, count: number): Promise<CrashBoard[]> {
  const boards: CrashBoard[] = []
  for (let i = 0; i < count; i++) boards.push(await createBoard({ url: httpUrl }))
  return boards
}

async function untilAcked(recorder: AckRecorder, count: number, serverLog: () => string): Promise<void> {
  await within(recorder.reached(count), PROGRESS_TIMEOUT_MS, `${count} acks`).catch(() => {
    throw new Error(
      `no progress: ${recorder.count} of ${count} acks within ${PROGRESS_TIMEOUT_MS} ms; server said: ${serverLog().slice(-2000)}`,
    )
  })
}

async function verifyStore(plan: CrashPlan, recorder: AckRecorder, boards: readonly CrashBoard[]): Promise<Verdict> {
  const log = await plan.openLog()
  try {
    return await recorder.verify(
      log,
      boards.map((board) => board.boardId),
    )
  } finally {
    await log.close()
  }
}

function describeFailure(verdict: Verdict): string {
  const parts = []
  if (verdict.missing.length > 0) parts.push(`${verdict.missing.length} acked updates missing (${verdict.missing.slice(0, 5).join(', ')})`)
  if (verdict.holes.length > 0) parts.push(`holes: ${verdict.holes.slice(0, 5).join('; ')}`)
  return parts.join('; ')
}
