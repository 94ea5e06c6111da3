/**
 * Runs the reference comparison: every scenario against every server, each
 * on a fresh server process pinned to its own core, one server at a time.
 * Live scenarios run RUNS times, rotating which server goes first; a failed
 * run is recorded with its error and the comparison goes on.
 */
import os from 'node:os'
import { runColdOpen, type ColdOpenResult } from './coldOpen.ts'
import { canPin, pinThisProcessToGeneratorCpu } from '../harness/cpuPinning.ts'
import { runIdleBoards, type IdleResult } from './idleBoards.ts'
import { runLiveScenario, type LiveResult } from './liveLoad.ts'
import type { ServerName } from './loadClients/loadClient.ts'
import { COLD_OPEN, CONTENDERS, IDLE, LIVE_SCENARIOS, RUNS, type Contender, type LiveScenarioId } from './referenceScenarios.ts'
import type { ServerProcess } from '../harness/serverProcess.ts'

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string }

export type ReferenceResults = {
  startedAt: string
  loadAverageAtStart: number
  pinned: boolean
  runs: number
  elapsedSeconds: number
  live: { id: LiveScenarioId; title: string; shape: unknown; byServer: Record<ServerName, Outcome<LiveResult>[]> }[]
  coldOpen: { shape: unknown; byServer: Record<ServerName, Outcome<ColdOpenResult>> } | null
  idle: { shape: unknown; byServer: Record<ServerName, Outcome<IdleResult>> } | null
  servers: Record<ServerName, string>
}

export async function runReferenceComparison(progress: (line: string) => void): Promise<ReferenceResults> {
  const startedAt = new Date()
  const loadAverageAtStart = os.loadavg()[0]!
  const unpin = pinThisProcessToGeneratorCpu()
  try {
    const live = LIVE_SCENARIOS.map((scenario) => ({ ...scenario, byServer: perServer((): Outcome<LiveResult>[] => []) }))
    for (let run = 0; run < RUNS; run++) {
      for (const scenario of live) {
        for (const contender of rotate(CONTENDERS, run)) {
          const outcome = await onFreshServer(contender, (server) => runLiveScenario(server, contender.protocol, scenario.shape))
          scenario.byServer[contender.server].push(outcome)
          progress(`(${scenario.id}) run ${run + 1}/${RUNS}, ${contender.server}: ${describeLive(outcome)}`)
        }
      }
    }
    const coldOpen =
      COLD_OPEN === null
        ? null
        : { shape: COLD_OPEN, byServer: await onEach('(d) cold open', (c, s) => runColdOpen(s, c.protocol, COLD_OPEN!), progress) }
    const idle =
      IDLE === null
        ? null
        : { shape: IDLE, byServer: await onEach('(e) idle boards', (c, s) => runIdleBoards(s, c.protocol, IDLE!), progress) }
    return {
      startedAt: startedAt.toISOString(),
      loadAverageAtStart,
      pinned: canPin,
      runs: RUNS,
      elapsedSeconds: (Date.now() - startedAt.getTime()) / 1000,
      live: live.map(({ id, title, shape, byServer }) => ({ id, title, shape, byServer })),
      coldOpen,
      idle,
      servers: perServer((server) => CONTENDERS.find((contender) => contender.server === server)!.title),
    }
  } finally {
    unpin()
  }
}

async function onEach<T>(
  what: string,
  task: (contender: Contender, server: ServerProcess) => Promise<T>,
  progress: (line: string) => void,
): Promise<Record<ServerName, Outcome<T>>> {
  const results = {} as Record<ServerName, Outcome<T>>
  for (const contender of CONTENDERS) {
    results[contender.server] = await onFreshServer(contender, (server) => task(contender, server))
    progress(
      `${what}, ${contender.server}: ${results[contender.server].ok ? 'done' : (results[contender.server] as { error: string }).error}`,
    )
  }
  return results
}

async function onFreshServer<T>(contender: Contender, task: (server: ServerProcess) => Promise<T>): Promise<Outcome<T>> {
  let server: ServerProcess | undefined
  try {
    server = await contender.start()
    return { ok: true, value: await task(server) }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  } finally {
    await server?.stop()
  }
}

function describeLive(outcome: Outcome<LiveResult>): string {
  if (!outcome.ok) return `failed: ${outcome.error}`
  const { delivery, lostDeliveries, serverCpuPerUpdateUs, generator } = outcome.value
  return (
    `delivery p99 ${delivery.p99Ms.toFixed(1)} ms, lost ${lostDeliveries}, CPU/update ${serverCpuPerUpdateUs.toFixed(0)} µs, ` +
    `generator ${(generator.cpuShare * 100).toFixed(0)}% lag ${generator.maxLagMs.toFixed(0)} ms`
  )
}

function perServer<T>(make: (server: ServerName) => T): Record<ServerName, T> {
  return Object.fromEntries(CONTENDERS.map((contender) => [contender.server, make(contender.server)])) as Record<ServerName, T>
}

/** Each run starts with the next server, so none always runs right after another. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const start = by % items.length
  return [...items.slice(start), ...items.slice(0, start)]
}
