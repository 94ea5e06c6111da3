/**
 * The bench's report, in Markdown so it can be pasted into the README as it
 * is: when and where it ran, one row of absolute figures per server, and
 * ours (`durable`) divided by each reference.
 */
import os from 'node:os'
import type { Figures, LatencyFigures } from './figures.ts'
import type { PauseLatency } from './pauseLatency.ts'
import type { Variant } from './serverProcess.ts'
import { LARGEST_SEALED_BYTES, SMALLEST_SEALED_BYTES, type WorkloadShape } from './workload.ts'

const DESCRIPTIONS: Record<Variant, string> = {
  durable: 'durable (ours: WAL, synchronous=FULL, group commit)',
  'per-frame': 'per-frame (one transaction and fsync per frame)',
  memory: 'memory (no durability)',
}

const OURS: Variant = 'durable'

type Column = { title: string; value: (figures: Figures) => number; digits: number }

const COLUMNS: Column[] = [
  { title: 'acked frames/s', value: (f) => f.ackedPerSecond, digits: 0 },
  { title: 'ack p50 (ms)', value: (f) => f.ackP50Ms, digits: 2 },
  { title: 'ack p99 (ms)', value: (f) => f.ackP99Ms, digits: 2 },
  { title: 'fan-out p50 (ms)', value: (f) => f.fanOutP50Ms, digits: 2 },
  { title: 'fan-out p99 (ms)', value: (f) => f.fanOutP99Ms, digits: 2 },
  { title: 'RSS after (MiB)', value: (f) => f.rssBytes / 2 ** 20, digits: 0 },
]

export type RunConditions = {
  workload: WorkloadShape
  rounds: number
  startedAt: Date
  /** Other work on the machine slows every server; this tells a reader whether there was any. */
  loadAverageAtStart: number
}

export function formatReport(all: readonly Figures[], conditions: RunConditions): string {
  const { workload, rounds, startedAt, loadAverageAtStart } = conditions
  const lines = [
    `Taken ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${describeMachine()}, ` +
      `load average ${loadAverageAtStart.toFixed(2)} when it started.`,
    `Workload, ${rounds} rounds per server: ${workload.boards} boards × ${workload.framesPerBoard} frames ` +
      `(${SMALLEST_SEALED_BYTES}–${LARGEST_SEALED_BYTES} bytes sealed), one writer and one listener per board, ` +
      `${workload.inFlightPerWriter} pushes in flight per writer, over loopback.`,
    '',
    ...absoluteTable(all),
    ...ratioTable(all),
    ...incompleteRuns(all, workload),
  ]
  return `${lines.join('\n')}\n`
}

function absoluteTable(all: readonly Figures[]): string[] {
  return [
    row(['server', ...COLUMNS.map((column) => column.title)]),
    row(['---', ...COLUMNS.map(() => '---:')]),
    ...all.map((figures) => row([DESCRIPTIONS[figures.variant], ...COLUMNS.map((c) => c.value(figures).toFixed(c.digits))])),
  ]
}

function ratioTable(all: readonly Figures[]): string[] {
  const ours = all.find((figures) => figures.variant === OURS)
  const references = all.filter((figures) => figures.variant !== OURS)
  if (ours === undefined || references.length === 0) return []
  return [
    '',
    row([`${OURS} ÷ reference`, ...COLUMNS.map((column) => column.title.replace(/ \(.*\)$/, ''))]),
    row(['---', ...COLUMNS.map(() => '---:')]),
    ...references.map((reference) =>
      row([`${OURS} ÷ ${reference.variant}`, ...COLUMNS.map((c) => ratio(c.value(ours), c.value(reference)))]),
    ),
    '',
    'A throughput ratio above 1, and a latency or RSS ratio below 1, favour ours.',
  ]
}

/** A run cut short by its deadline is still reported, but must say so: its latencies leave out the slowest frames. */
function incompleteRuns(all: readonly Figures[], workload: WorkloadShape): string[] {
  return all
    .filter((figures) => figures.timedOut || figures.framesAcked < figures.framesPushed)
    .flatMap((figures) => [
      '',
      `**${figures.variant}**: ${figures.framesAcked} of ${figures.framesPushed} frames acked` +
        (figures.timedOut ? ` (a round reached its ${workload.deadlineMs / 1000} s deadline)` : '') +
        '; its latencies cover the acked frames only.',
    ])
}

/** Node version, CPU model and core count: what a reader needs to compare two tables. */
export function describeMachine(): string {
  const cpus = os.cpus()
  return `node ${process.version}, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores`
}

function ratio(ours: number, reference: number): string {
  return Number.isFinite(ours / reference) ? `${(ours / reference).toFixed(2)}×` : '–'
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

/** The pause table: press on one screen to pause view on the other, ours against the bare-relay floor. */
export function formatPauseReport(latency: PauseLatency, pauses: number): string {
  const cells = (figures: LatencyFigures) => [String(figures.samples), figures.p50Ms.toFixed(1), figures.p99Ms.toFixed(1), figures.maxMs.toFixed(1)]
  const lines = [
    '',
    `Pause propagation, real Chromium, two screens on one board over loopback, ${pauses} pauses:`,
    '',
    row(['path', 'samples', 'p50 (ms)', 'p99 (ms)', 'max (ms)']),
    row(['---', '---:', '---:', '---:', '---:']),
    row(['Pause pressed → pause view on the other screen (ours)', ...cells(latency.ours)]),
    row(['key pressed → message in the other page, bare relay (floor)', ...cells(latency.floor)]),
    '',
    `Ours ÷ floor: p50 ${ratio(latency.ours.p50Ms, latency.floor.p50Ms)}, p99 ${ratio(latency.ours.p99Ms, latency.floor.p99Ms)}.`,
  ]
  return `${lines.join('\n')}\n`
}
