/**
 * The scale-out scenario: PostgreSQL and Redis started here, then the same
 * live load (liveLoad.ts) on one server process and on two sharing them,
 * each configuration on a fresh database. With two, each board's people
 * are seated on the processes in turn, so an edit reaches two of its three
 * readers through Redis. Then what idle boards cost one process
 * (idleUpkeep.ts). A configuration that fails is recorded with its error
 * and the others still run; every process started here is stopped
 * whatever happens.
 */
import os from 'node:os'
import { startPostgres, type PostgresServer } from '../../tests/kit/services/postgres.ts'
import { startRedis, type RedisServer } from '../../tests/kit/services/redis.ts'
import { within } from '../../tests/kit/waits.ts'
import { canPin, pinThisProcessToGeneratorCpu } from '../harness/cpuPinning.ts'
import { createBoard } from '../../tests/kit/boards.ts'
import { runLiveScenario, type LiveResult, type LiveShape } from '../relay/liveLoad.ts'
import type { Protocol } from '../relay/loadClients/loadClient.ts'
import { joinBoard } from '../relay/loadClients/oursClient.ts'
import { cpuSeconds } from '../../tests/kit/procStats.ts'
import type { Outcome } from '../relay/referenceRun.ts'
import { startServerProcess, type ServerProcess } from '../harness/serverProcess.ts'
import { IDLE_UPKEEP_SHAPE, measureIdleUpkeep, type IdleUpkeep, type IdleUpkeepShape } from './idleUpkeep.ts'

/** 400 updates/s offered, each to three readers; about 30 s per configuration with the connects and the grace. */
export const SCALE_OUT_SHAPE: LiveShape = {
  boards: 50,
  peoplePerBoard: 4,
  editsPerSecond: 2,
  connectConcurrency: 50,
  warmUpMs: 2000,
  measureMs: 20_000,
  graceMs: 3000,
}

const PROCESS_COUNTS = [1, 2] as const
/** pg_ctl stop -m fast takes a second or two; Redis is killed. */
const SERVICES_STOP_MS = 30_000

export type ScaleOutRun = {
  live: LiveResult
  /** utime+stime of every server process, from the first connect to the end of the grace: liveLoad's own figure sees one pid. */
  allServersCpuSeconds: number
}

export type ScaleOutResults = {
  startedAt: string
  loadAverageAtStart: number
  pinned: boolean
  elapsedSeconds: number
  shape: LiveShape
  byProcessCount: { processes: number; outcome: Outcome<ScaleOutRun> }[]
  upkeepShape: IdleUpkeepShape
  idleUpkeep: Outcome<IdleUpkeep[]>
}

/** `live: false` runs only the idle upkeep (a quick look at its counts, `upkeep` made small). */
export type ScaleOutParts = { live: boolean; upkeep: IdleUpkeepShape }

export async function runScaleOut(
  progress: (line: string) => void,
  { live, upkeep }: ScaleOutParts = { live: true, upkeep: IDLE_UPKEEP_SHAPE },
): Promise<ScaleOutResults> {
  const startedAt = new Date()
  const loadAverageAtStart = os.loadavg()[0]!
  // Started before this process pins itself to the generator's core, so they keep both cores.
  const { postgres, redis } = await startServices()
  const unpin = pinThisProcessToGeneratorCpu()
  try {
    const byProcessCount = []
    for (const processes of live ? PROCESS_COUNTS : []) {
      const outcome = await onFreshDatabase(processes, postgres, redis)
      byProcessCount.push({ processes, outcome })
      progress(`(scale-out) ${processes} process(es): ${describe(outcome)}`)
    }
    const idleUpkeep = await outcomeOf(() => measureIdleUpkeep(postgres, redis, upkeep))
    progress(`(scale-out) idle upkeep: ${idleUpkeep.ok ? idleUpkeep.value.map(describeUpkeep).join('; ') : `failed: ${idleUpkeep.error}`}`)
    return {
      startedAt: startedAt.toISOString(),
      loadAverageAtStart,
      pinned: canPin,
      elapsedSeconds: (Date.now() - startedAt.getTime()) / 1000,
      shape: SCALE_OUT_SHAPE,
      byProcessCount,
      upkeepShape: upkeep,
      idleUpkeep,
    }
  } finally {
    unpin()
    await stopServices(postgres, redis)
  }
}

async function startServices(): Promise<{ postgres: PostgresServer; redis: RedisServer }> {
  const [postgres, redis] = await Promise.allSettled([startPostgres(), startRedis()])
  if (postgres.status === 'fulfilled' && redis.status === 'fulfilled') return { postgres: postgres.value, redis: redis.value }
  await stopServices(postgres.status === 'fulfilled' ? postgres.value : null, redis.status === 'fulfilled' ? redis.value : null)
  throw (postgres.status === 'rejected' ? postgres : (redis as PromiseRejectedResult)).reason
}

/** Bounded: a stuck shutdown must not hold the bench's report back. */
async function stopServices(postgres: PostgresServer | null, redis: RedisServer | null): Promise<void> {
  const stopping = Promise.all([postgres?.destroy(), redis?.destroy()])
  await within(stopping, SERVICES_STOP_MS, 'PostgreSQL and Redis to stop')
}

async function onFreshDatabase(count: number, postgres: PostgresServer, redis: RedisServer): Promise<Outcome<ScaleOutRun>> {
  let servers: ServerProcess[] = []
  try {
    const databaseUrl = await postgres.createDatabase()
    // Every process on the server's core (cpuPinning.ts): two processes get the same CPU as one.
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        startServerProcess(`scale-out ${i + 1}/${count}`, ['bench/scaleOut/scaleOutServer.ts', databaseUrl, redis.url]),
      ),
    )
    servers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
    const failed = started.find((outcome) => outcome.status === 'rejected')
    if (failed !== undefined) throw failed.reason
    const cpuBefore = servers.map((server) => cpuSeconds(server.pid))
    const live = await runLiveScenario(servers[0]!, seatedAcross(servers), SCALE_OUT_SHAPE)
    const allServersCpuSeconds = servers.reduce((sum, server, i) => sum + cpuSeconds(server.pid) - cpuBefore[i]!, 0)
    return { ok: true, value: { live, allServersCpuSeconds } }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
}

/** Each board is created on the first process; its people join the processes in turn (seats are taken in order, board by board). */
function seatedAcross(servers: readonly ServerProcess[]): Protocol {
  return {
    server: 'ours',
    async newBoard() {
      const board = await createBoard(servers[0]!)
      let seated = 0
      return { join: () => joinBoard(`ws://127.0.0.1:${servers[seated++ % servers.length]!.port}/ws`, board) }
    },
  }
}

async function outcomeOf<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

function describeUpkeep({ boards, seconds, redisCommands, sqlStatements }: IdleUpkeep): string {
  return `${boards} boards: ${(redisCommands / seconds).toFixed(1)} Redis commands/s, ${(sqlStatements / seconds).toFixed(1)} SQL statements/s`
}

function describe(outcome: Outcome<ScaleOutRun>): string {
  if (!outcome.ok) return `failed: ${outcome.error}`
  const { ack, delivery, lostDeliveries, unacked } = outcome.value.live
  return `ack p99 ${ack?.p99Ms.toFixed(1) ?? '–'} ms, delivery p99 ${delivery.p99Ms.toFixed(1)} ms, lost ${lostDeliveries}, unacked ${unacked}`
}
