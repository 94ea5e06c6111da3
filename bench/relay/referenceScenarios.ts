/**
 * The reference comparison's scenarios and servers. The issue measured 20 s
 * per scenario and took medians of 3; on a 2-core machine that shares its
 * cores with the generator, the live scenarios here measure 6 s each (after
 * a 1 s warm-up) and take medians of 3 runs, so the whole comparison stays
 * near six minutes. BENCH_REFERENCE_RUNS and BENCH_REFERENCE_SECONDS change
 * both; BENCH_REFERENCE_ONLY=a,d runs some scenarios only.
 */
import fs from 'node:fs'
import type { ColdOpenShape } from './coldOpen.ts'
import type { IdleShape } from './idleBoards.ts'
import type { LiveShape } from './liveLoad.ts'
import { hocuspocusProtocol } from './loadClients/hocuspocusClient.ts'
import type { Protocol, ServerName } from './loadClients/loadClient.ts'
import { oursProtocol } from './loadClients/oursClient.ts'
import { yWebsocketProtocol } from './loadClients/yWebsocketClient.ts'
import { startBenchServer, startServerProcess, type ServerProcess } from '../harness/serverProcess.ts'

export const RUNS = envNumber('BENCH_REFERENCE_RUNS', 3)
const MEASURE_MS = envNumber('BENCH_REFERENCE_SECONDS', 6) * 1000
const ONLY = process.env.BENCH_REFERENCE_ONLY?.split(',')
/** A run shortened by any of the three variables: not the measurement docs/benchmarks.md describes. */
export const SHORTENED = ['BENCH_REFERENCE_RUNS', 'BENCH_REFERENCE_SECONDS', 'BENCH_REFERENCE_ONLY'].some(
  (name) => process.env[name] !== undefined,
)

export type LiveScenarioId = 'a' | 'b' | 'c'
export type LiveScenario = { id: LiveScenarioId; title: string; shape: LiveShape }

/** The warm-up lets each server's JIT settle before counting; the grace bounds the wait for late deliveries and acks. */
const TIMING = { warmUpMs: 1000, measureMs: MEASURE_MS, graceMs: 3000 }

export const ALL_LIVE_SCENARIOS: LiveScenario[] = [
  {
    id: 'a',
    title: '100 boards × 2 people × 2 edits/s',
    shape: { boards: 100, peoplePerBoard: 2, editsPerSecond: 2, connectConcurrency: 50, ...TIMING },
  },
  {
    id: 'b',
    title: '500 boards × 2 people × 1 edit/s',
    shape: { boards: 500, peoplePerBoard: 2, editsPerSecond: 1, connectConcurrency: 50, ...TIMING },
  },
  // All 50 open their sockets at once, as when a session starts; connect+sync is measured on that.
  {
    id: 'c',
    title: '1 board × 50 people × 1 edit/s',
    shape: { boards: 1, peoplePerBoard: 50, editsPerSecond: 1, connectConcurrency: 50, ...TIMING },
  },
]
export const LIVE_SCENARIOS = ALL_LIVE_SCENARIOS.filter((scenario) => ONLY === undefined || ONLY.includes(scenario.id))

export const COLD_OPEN: ColdOpenShape | null =
  ONLY === undefined || ONLY.includes('d') ? { edits: 2000, opens: 20, storedWithinMs: 30_000 } : null

export const IDLE: IdleShape | null =
  ONLY === undefined || ONLY.includes('e')
    ? { boards: 1000, peoplePerBoard: 2, editsPerPerson: 2, connectConcurrency: 50, storedWithinMs: 30_000, settleMs: 1500 }
    : null

export type Contender = { server: ServerName; title: string; protocol: Protocol; start(): Promise<ServerProcess> }

export const CONTENDERS: Contender[] = [
  {
    server: 'ours',
    title: 'ours (SQLite log, synchronous=FULL)',
    protocol: oursProtocol,
    start: () => startBenchServer('durable', { pinned: true }),
  },
  {
    server: 'y-websocket-server',
    title: `@y/websocket-server ${installedVersion('@y/websocket-server')} (memory)`,
    protocol: yWebsocketProtocol,
    start: () => startServerProcess('y-websocket-server', ['bench/relay/referenceServers/yWebsocketServer.ts'], { pinned: true }),
  },
  {
    server: 'hocuspocus',
    title: `@hocuspocus/server ${installedVersion('@hocuspocus/server')} (memory)`,
    protocol: hocuspocusProtocol,
    start: () => startServerProcess('hocuspocus', ['bench/relay/referenceServers/hocuspocusServer.ts'], { pinned: true }),
  },
]

function installedVersion(name: string): string {
  const manifest = new URL(`../../node_modules/${name}/package.json`, import.meta.url)
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
