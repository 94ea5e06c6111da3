/**
 * The scale-out scenario in Markdown, for docs/benchmarks.md: one row per
 * configuration (one process, two), then two ÷ one, then the idle upkeep
 * (idleUpkeepReport.ts). The same figures go to bench/results/scale-out.json.
 */
import fs from 'node:fs'
import { describeMachine, utcMinute } from '../../tests/kit/measuredDoc.ts'
import { formatIdleUpkeep, idleUpkeepFigures } from './idleUpkeepReport.ts'
import type { ScaleOutResults, ScaleOutRun } from './scaleOutRun.ts'

export type ScaleOutFigures = {
  processes: number
  /** Updates sent in the measured window and acked, per second of the window. */
  ackedPerSecond: number
  ackP50Ms: number
  ackP99Ms: number
  deliveryP50Ms: number
  deliveryP99Ms: number
  lostDeliveries: number
  expectedDeliveries: number
  unacked: number
  droppedSockets: number
  /** Every server process's CPU over the whole run (connects included), per update sent. */
  serverCpuPerUpdateUs: number
  generatorCpuShare: number
  generatorMaxLagMs: number
  generatorSaturated: boolean
}

export function scaleOutFigures(processes: number, run: ScaleOutRun, measureMs: number, peoplePerBoard: number): ScaleOutFigures {
  const { live } = run
  const updatesSent = live.expectedDeliveries / (peoplePerBoard - 1)
  return {
    processes,
    ackedPerSecond: (live.ack?.samples ?? 0) / (measureMs / 1000),
    ackP50Ms: live.ack?.p50Ms ?? Number.NaN,
    ackP99Ms: live.ack?.p99Ms ?? Number.NaN,
    deliveryP50Ms: live.delivery.p50Ms,
    deliveryP99Ms: live.delivery.p99Ms,
    lostDeliveries: live.lostDeliveries,
    expectedDeliveries: live.expectedDeliveries,
    unacked: live.unacked ?? 0,
    droppedSockets: live.droppedSockets,
    serverCpuPerUpdateUs: (run.allServersCpuSeconds / updatesSent) * 1e6,
    generatorCpuShare: live.generator.cpuShare,
    generatorMaxLagMs: live.generator.maxLagMs,
    generatorSaturated: live.generator.saturated,
  }
}

export function formatScaleOutReport(results: ScaleOutResults): string {
  const { shape } = results
  const offered = shape.boards * shape.peoplePerBoard * shape.editsPerSecond
  const lines = [
    '',
    `Taken ${utcMinute(results.startedAt)} on ${describeMachine()}, load average ${results.loadAverageAtStart.toFixed(2)} ` +
      `when it started; ${Math.round(results.elapsedSeconds)} s in all. ` +
      `${shape.boards} boards × ${shape.peoplePerBoard} people × ${shape.editsPerSecond} edits/s (${offered} updates/s offered, sealed with AES-256-GCM), ` +
      `${shape.measureMs / 1000} s measured after a ${shape.warmUpMs / 1000} s warm-up, one run per configuration, each on a fresh database ` +
      "of one PostgreSQL 15 (fsync on) beside one Redis, both started by the bench. With two processes each board's people are seated on them in turn, " +
      `so an edit reaches two of its three readers through Redis. A delivery or ack not arrived ${shape.graceMs / 1000} s after the last send is lost. ` +
      'Server CPU: utime+stime of every server process over the whole run, connects included, per update sent. ' +
      (results.pinned
        ? 'The server processes share core 0 (taskset), the load generator has core 1, PostgreSQL and Redis run on either. '
        : 'Nothing pinned (no taskset, or one core). ') +
      '**On this machine the servers, PostgreSQL, Redis and the load generator all share two cores, so two processes cannot show a speed-up here: ' +
      'the run shows that nothing is lost across processes, and what the cross-process hop costs.**',
    '',
    row([
      'configuration',
      'acked updates/s',
      'ack p50 / p99 (ms)',
      'delivery p50 / p99 (ms)',
      'lost / expected deliveries',
      'unacked',
      'server CPU per update (µs)',
      'generator CPU, max lag',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ]
  const figures = new Map<number, ScaleOutFigures>()
  for (const { processes, outcome } of results.byProcessCount) {
    const label = processes === 1 ? '1 process' : `${processes} processes`
    if (!outcome.ok) {
      lines.push(row([label, `failed: ${outcome.error}`, '', '', '', '', '', '']))
      continue
    }
    const f = scaleOutFigures(processes, outcome.value, shape.measureMs, shape.peoplePerBoard)
    figures.set(processes, f)
    lines.push(
      row([
        label,
        f.ackedPerSecond.toFixed(0),
        `${f.ackP50Ms.toFixed(1)} / ${f.ackP99Ms.toFixed(1)}`,
        `${f.deliveryP50Ms.toFixed(1)} / ${f.deliveryP99Ms.toFixed(1)}`,
        `${f.lostDeliveries} / ${f.expectedDeliveries}` + (f.droppedSockets > 0 ? `, ${f.droppedSockets} sockets dropped` : ''),
        String(f.unacked),
        f.serverCpuPerUpdateUs.toFixed(0),
        `${(f.generatorCpuShare * 100).toFixed(0)}%, ${f.generatorMaxLagMs.toFixed(0)} ms` + (f.generatorSaturated ? ' **saturated**' : ''),
      ]),
    )
  }
  const one = figures.get(1)
  const two = figures.get(2)
  if (one !== undefined && two !== undefined) {
    lines.push(
      row([
        '2 ÷ 1',
        ratio(two.ackedPerSecond, one.ackedPerSecond),
        `${ratio(two.ackP50Ms, one.ackP50Ms)} / ${ratio(two.ackP99Ms, one.ackP99Ms)}`,
        `${ratio(two.deliveryP50Ms, one.deliveryP50Ms)} / ${ratio(two.deliveryP99Ms, one.deliveryP99Ms)}`,
        // Both must be 0, so a ratio says nothing: the row says whether both are.
        two.lostDeliveries + one.lostDeliveries === 0 ? 'both 0' : '**not 0**',
        two.unacked + one.unacked === 0 ? 'both 0' : '**not 0**',
        ratio(two.serverCpuPerUpdateUs, one.serverCpuPerUpdateUs),
        '',
      ]),
    )
  }
  lines.push(...formatIdleUpkeep(results.upkeepShape, results.idleUpkeep), '')
  return `${lines.join('\n')}\n`
}

export function writeScaleOutJson(results: ScaleOutResults, file: URL): void {
  fs.mkdirSync(new URL('.', file), { recursive: true })
  const byProcessCount = results.byProcessCount.map(({ processes, outcome }) => ({
    processes,
    ...(outcome.ok
      ? { figures: scaleOutFigures(processes, outcome.value, results.shape.measureMs, results.shape.peoplePerBoard) }
      : { error: outcome.error }),
  }))
  const idleUpkeep = results.idleUpkeep.ok
    ? { figures: results.idleUpkeep.value.map(idleUpkeepFigures) }
    : { error: results.idleUpkeep.error }
  fs.writeFileSync(file, `${JSON.stringify({ machine: describeMachine(), ...results, byProcessCount, idleUpkeep }, null, 2)}\n`)
}

function ratio(two: number, one: number): string {
  return Number.isFinite(two / one) ? `${(two / one).toFixed(2)}×` : '–'
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}
