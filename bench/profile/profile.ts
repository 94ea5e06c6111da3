/**
 * `npm run bench:profile`: where our server spends its CPU in scenario (b),
 * 500 boards × 2 people × 1 edit/s. The server runs as in the bench (its
 * own process, pinned) under `node --cpu-prof`; when it exits, V8 writes a
 * profile per thread (main and any workers). Printed: for each thread, the
 * top functions by self time over the measured window and its share of
 * wall time inside better-sqlite3 (cpuProfile.ts says how that is
 * attributed). It reads only the profiles, so it works whatever the
 * server's internals are, a log in a worker thread included.
 *
 * `npm run bench:profile -- in-thread` profiles the same SQLite log on the
 * event loop, as it ran before it moved to its own thread.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { pinThisProcessToGeneratorCpu } from '../harness/cpuPinning.ts'
import { summarizeProfile, type CallFrame, type CpuProfile, type ProfileSummary } from './cpuProfile.ts'
import { runLiveScenario, type LiveResult } from '../relay/liveLoad.ts'
import { oursProtocol } from '../relay/loadClients/oursClient.ts'
import { ALL_LIVE_SCENARIOS } from '../relay/referenceScenarios.ts'
import { startBenchServer } from '../harness/serverProcess.ts'
import { sourceLineOf } from './sourceLines.ts'

const TOP_MAIN = 20
const TOP_WORKER = 10
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const scenario = ALL_LIVE_SCENARIOS.find((candidate) => candidate.id === 'b')!
const variant = process.argv[2] === 'in-thread' ? 'in-thread' : 'durable'
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-cpuprofile-'))
const startedAt = performance.now()
process.stderr.write(`bench:profile: (b) ${scenario.title} against ours (${variant}) under --cpu-prof\n`)

const unpin = pinThisProcessToGeneratorCpu()
let result: LiveResult
try {
  const server = await startBenchServer(variant, { pinned: true, execArgv: ['--cpu-prof', '--cpu-prof-dir', profileDir] })
  try {
    result = await runLiveScenario(server, oursProtocol, scenario.shape)
  } finally {
    // The profiles are written as the process exits, so it must exit by itself, not be killed.
    await server.stop()
  }
} finally {
  unpin()
}

const threads = readProfiles(profileDir)
if (threads.length === 0) throw new Error(`no .cpuprofile in ${profileDir}: did the server exit cleanly?`)
const lines = [
  `Profile of our server in (${scenario.id}) ${scenario.title}, ${scenario.shape.measureMs / 1000} s measured after a ${scenario.shape.warmUpMs / 1000} s warm-up ` +
    `(profiling slows it): delivery p99 ${result.delivery.p99Ms.toFixed(1)} ms, ack p99 ${result.ack?.p99Ms.toFixed(1) ?? '–'} ms, ` +
    `server CPU ${result.serverCpuSeconds.toFixed(2)} s, ${result.serverCpuPerUpdateUs.toFixed(0)} µs per update, lost ${result.lostDeliveries}, ` +
    `generator ${(result.generator.cpuShare * 100).toFixed(0)}% CPU.`,
  `Profiles: ${profileDir}`,
]
for (const thread of threads) {
  const summary = summarizeProfile(thread.profile, result.windowUs, thread.main ? TOP_MAIN : TOP_WORKER, locate)
  // tsx's module loader runs in a thread of its own, idle once the server has started.
  if (!thread.main && summary.top.length === 0) lines.push('', `${thread.label}: idle throughout the window.`)
  else lines.push('', ...describeThread(thread.label, summary))
}
lines.push('', `Took ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`)
process.stdout.write(`${lines.join('\n')}\n`)

type Thread = { label: string; main: boolean; profile: CpuProfile }

/** Node names them CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main thread. */
function readProfiles(dir: string): Thread[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => {
      const threadId = Number(file.split('.').at(-3))
      const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile
      return { label: threadId === 0 ? 'main thread' : `worker thread ${threadId}`, main: threadId === 0, profile }
    })
    .sort((a, b) => Number(b.main) - Number(a.main))
}

function describeThread(label: string, s: ProfileSummary): string[] {
  const pct = (ms: number) => `${((ms / s.wallMs) * 100).toFixed(1)}%`
  return [
    `${label}: ${s.wallMs.toFixed(0)} ms of wall time${s.windowed ? ' (the measured window)' : ' (the whole profile: it did not overlap the window)'}, ` +
      `idle ${pct(s.idleMs)}; inside better-sqlite3 ${s.sqliteMs.toFixed(0)} ms = ${pct(s.sqliteMs)} of wall time; ` +
      `inside db.transaction (with the callback's own JS) ${s.transactionMs.toFixed(0)} ms = ${pct(s.transactionMs)}.`,
    '',
    '| function | where | self (ms) | % of wall |',
    '| --- | --- | ---: | ---: |',
    ...s.top.map((f) => `| ${f.name} | ${f.location} | ${f.selfMs.toFixed(1)} | ${(f.share * 100).toFixed(1)}% |`),
  ]
}

/** "file:line", relative to the repository; our TypeScript's lines mapped back through tsx's compilation. */
function locate({ url, lineNumber, columnNumber }: CallFrame): string {
  if (url === '') return '(native)'
  const file = url.startsWith('file://') ? fileURLToPath(url) : url
  if (!file.startsWith(`${repoRoot}/`)) return `${file}:${lineNumber + 1}`
  const ours = file.endsWith('.ts') && !file.includes('/node_modules/')
  const line = (ours ? sourceLineOf(file, lineNumber, columnNumber) : null) ?? lineNumber + 1
  return `${path.relative(repoRoot, file)}:${line}`
}
