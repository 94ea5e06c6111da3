/**
 * `npm run bench`: our durable log against two references, side by side in
 * one run. Each variant's server runs in its own child process; each gets
 * the same bounded workload over loopback, one server at a time so they do
 * not compete for the cores. The report (Markdown) goes to stdout, progress
 * to stderr. Then pause propagation in Chromium (ours against a bare
 * relay), and with ours alone a quiet board beside a byte flood, the
 * bytes of a resumed reconnect and the presence frames of a join; what signing costs (signing/). Last, ours against the reference Yjs
 * servers (@y/websocket-server, Hocuspocus) in five scenarios
 * (relay/referenceBench.ts), and ours as one process and as two sharing
 * PostgreSQL and Redis (scaleOut/scaleOutBench.ts). Each part's Markdown
 * goes to docs/benchmarks.md as it is measured, and to stdout. A
 * measurement, not a test: no timing is ever asserted.
 */
import os from 'node:os'
import { toFigures, type Figures } from './harness/figures.ts'
import { measureFloodIsolation, type FloodShape } from './limits/floodIsolation.ts'
import { measurePauseLatency } from './browser/pauseLatency.ts'
import { benchAgainstReferences } from './relay/referenceBench.ts'
import { benchScaleOut } from './scaleOut/scaleOutBench.ts'
import { formatBigBoardReport, formatPauseReport } from './browser/browserReport.ts'
import { writeBenchmarks, type BenchmarkPart } from './harness/benchmarksDoc.ts'
import { formatFloodReport } from './limits/floodReport.ts'
import { formatLogReport } from './log/logReport.ts'
import { formatSnapshotStallReport } from './log/snapshotStallReport.ts'
import { formatResumeReport } from './resume/resumeReport.ts'
import { formatPresenceReport } from './relay/presenceReport.ts'
import { measurePresenceFrames, PRESENCE_BOARD_SIZES } from './relay/presenceFrames.ts'
import { BIG_BOARD, measureBigBoardOpen } from './browser/bigBoardOpen.ts'
import { benchSigning } from './signing/signingBench.ts'
import { measureSnapshotStall, SNAPSHOT_BYTES } from './log/snapshotStall.ts'
import { measureResumeBytes, RESUME_CARDS } from './resume/resumeBytes.ts'
import { startBenchServer, VARIANTS, type BenchServer, type Variant } from './harness/serverProcess.ts'
import { runWorkload, type WorkloadResult, type WorkloadShape } from './log/workload.ts'

/** A round takes 0.2–5 s per server here; the deadlines bound the worst case to about 90 s in all. */
const WORKLOAD: WorkloadShape = { boards: 20, framesPerBoard: 200, inFlightPerWriter: 4, deadlineMs: 6_000 }
/** One round of about a second is at the mercy of a single stall; several, pooled, are steadier. */
const ROUNDS = 4
/**
 * The first round here ran at half the speed of later ones (JIT, cold caches, in the servers and in
 * this load generator alike), so each server first gets a round that is not counted. It need not finish.
 */
const WARM_UP: WorkloadShape = { ...WORKLOAD, deadlineMs: 3_000 }

/** Pauses raised on one screen and timed to the pause view on the other (the issue asks for at least 50). */
const PAUSES = 60

/**
 * 300 quiet updates took 0.2 s here, over before the flooder's 8 MiB burst was spent; 3,000 (1–2 s)
 * also meet the throttled flood. The flood lasts at least 5 s, so its rate after the burst is seen
 * over several paused reads; 48 frames of 1 MiB are what the limits let through in its 20 s deadline.
 */
const FLOOD: FloodShape = {
  quiet: { boards: 1, framesPerBoard: 3000, inFlightPerWriter: 1, deadlineMs: 20_000 },
  floodInFlight: 8,
  floodMaxFrames: 48,
  floodMinMs: 5_000,
  floodDeadlineMs: 20_000,
}

/** Long enough (2–4 s) to meet several 8 MiB snapshots, which the poster's byte budget spaces about 4 s apart after its burst. */
const SNAPSHOT_QUIET: WorkloadShape = { boards: 1, framesPerBoard: 4000, inFlightPerWriter: 1, deadlineMs: 30_000 }

const startedAt = new Date()
const loadAverageAtStart = os.loadavg()[0]!
const servers = await startAll()
const rounds = new Map<Variant, WorkloadResult[]>(servers.map((server) => [server.variant, []]))
const figures: Figures[] = []
try {
  for (const server of servers) await runWorkload(server, WARM_UP)
  for (let round = 0; round < ROUNDS; round++) {
    for (const server of rotate(servers, round)) {
      const result = await runWorkload(server, WORKLOAD)
      rounds.get(server.variant)!.push(result)
      const seconds = (result.elapsedMs / 1000).toFixed(2)
      process.stderr.write(`bench: round ${round + 1}, ${server.variant}: ${result.framesAcked} acked in ${seconds} s\n`)
    }
  }
  for (const server of servers) figures.push(toFigures(server.variant, rounds.get(server.variant)!, await server.rss()))
} finally {
  await Promise.all(servers.map((server) => server.stop()))
}
report('log', formatLogReport(figures, { workload: WORKLOAD, rounds: ROUNDS, startedAt, loadAverageAtStart }))

process.stderr.write(`bench: pause propagation, ${PAUSES} pauses in Chromium\n`)
report('pause', formatPauseReport(await measurePauseLatency(PAUSES), PAUSES))

// Both against our server alone, with the default byte limits; bench/log/logServer.ts lifts only the frame rate and the address bounds.
const durable = await startBenchServer('durable')
try {
  process.stderr.write(`bench: another board during a byte flood, ${FLOOD.quiet.framesPerBoard} quiet updates alone and flooded\n`)
  report('flood', formatFloodReport(await measureFloodIsolation(durable, FLOOD), FLOOD))
  process.stderr.write(`bench: resume vs full replay, ${RESUME_CARDS} cards\n`)
  report('resume', formatResumeReport(await measureResumeBytes(durable)))
  process.stderr.write(`bench: presence frames per join and per change, boards of ${PRESENCE_BOARD_SIZES.join(', ')} people\n`)
  report('presence', formatPresenceReport(await measurePresenceFrames(durable)))
} finally {
  await durable.stop()
}

process.stderr.write(`bench: a board of ${BIG_BOARD.talks} talks and ${BIG_BOARD.cards} cards opened in Chromium\n`)
report('big-board', formatBigBoardReport(await measureBigBoardOpen()))

process.stderr.write(`bench: what signing costs, ${BIG_BOARD.cards} signed cards against unsigned, and the relay per update\n`)
await benchSigning('npm run bench')

process.stderr.write(
  `bench: a busy board while another stores ${SNAPSHOT_BYTES / 2 ** 20} MiB snapshots, log on its thread and on the event loop\n`,
)
const stalls = []
for (const [variant, label] of [
  ['durable', 'ours (own thread)'],
  ['in-thread', 'on the event loop (before)'],
] as const) {
  const server = await startBenchServer(variant)
  try {
    stalls.push({ label, stall: await measureSnapshotStall(server, SNAPSHOT_QUIET) })
  } finally {
    await server.stop()
  }
}
report('snapshot-stall', formatSnapshotStallReport(stalls, SNAPSHOT_QUIET.framesPerBoard))

process.stderr.write('bench: against the reference Yjs servers\n')
await benchAgainstReferences('npm run bench')

process.stderr.write('bench: scale-out, one process and two sharing PostgreSQL and Redis\n')
await benchScaleOut('npm run bench')

/** Prints a part's Markdown and writes it to docs/benchmarks.md at once, so a run cut short keeps what it measured. */
function report(part: BenchmarkPart, markdown: string): void {
  process.stdout.write(markdown)
  writeBenchmarks('npm run bench', { [part]: markdown })
}

/** Starts every variant at once; if one fails, stops the others before giving up. */
async function startAll(): Promise<BenchServer[]> {
  const started = await Promise.allSettled(VARIANTS.map((variant) => startBenchServer(variant)))
  const servers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
  const failure = started.find((outcome) => outcome.status === 'rejected')
  if (failure !== undefined) {
    await Promise.all(servers.map((server) => server.stop()))
    throw failure.reason
  }
  return servers
}

/** Each round starts with the next server, so none always runs right after another's disk writes. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const start = by % items.length
  return [...items.slice(start), ...items.slice(0, start)]
}
