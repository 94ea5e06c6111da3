/**
 * Our durable log against the two references, in Markdown: when and where
 * it ran, one row of absolute figures per server, and ours (`durable`)
 * divided by each reference.
 */
import { describeMachine, utcMinute } from '../../tests/kit/measuredDoc.ts'
import type { Figures } from '../harness/figures.ts'
import { ratio, row } from '../harness/markdown.ts'
import type { Variant } from '../harness/serverProcess.ts'
import { LARGEST_SEALED_BYTES, SMALLEST_SEALED_BYTES, type WorkloadShape } from './workload.ts'

const DESCRIPTIONS: Record<Variant, string> = {
  durable: 'durable (ours: WAL, synchronous=FULL, group commit, on its own thread)',
  'in-thread': 'the same log on the event loop',
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

export function formatLogReport(all: readonly Figures[], conditions: RunConditions): string {
  const { workload, rounds, startedAt, loadAverageAtStart } = conditions
  const lines = [
    `Taken ${utcMinute(startedAt)} on ${describeMachine()}, ` + `load average ${loadAverageAtStart.toFixed(2)} when it started.`,
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
