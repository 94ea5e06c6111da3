/**
 * The bench's report, in Markdown so it can be pasted into the README as it
 * is: when and where it ran, one row of absolute figures per server, and
 * ours (`durable`) divided by each reference.
 */
import os from 'node:os'
import { Limits } from '../../shared/protocol.ts'
import type { Figures, LatencyFigures } from './figures.ts'
import type { FloodIsolation, FloodShape } from '../limits/floodIsolation.ts'
import { SNAPSHOT_BYTES, type SnapshotStall } from '../log/snapshotStall.ts'
import type { PauseLatency } from '../browser/pauseLatency.ts'
import { BIG_BOARD, type BigBoardOpen } from '../browser/bigBoardOpen.ts'
import type { ConnectionBytes, ResumeBytes } from '../resume/resumeBytes.ts'
import type { Variant } from './serverProcess.ts'
import { LARGEST_SEALED_BYTES, SMALLEST_SEALED_BYTES, type WorkloadShape } from '../log/workload.ts'

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
  const lines = [
    '',
    `Pause propagation, real Chromium, two screens on one board over loopback, ${pauses} pauses:`,
    '',
    row(['path', 'samples', 'p50 (ms)', 'p99 (ms)', 'max (ms)']),
    row(['---', '---:', '---:', '---:', '---:']),
    row(['Pause pressed → pause view on the other screen (ours)', ...latencyCells(latency.ours)]),
    row(['key pressed → message in the other page, bare relay (floor)', ...latencyCells(latency.floor)]),
    '',
    `Ours ÷ floor: p50 ${ratio(latency.ours.p50Ms, latency.floor.p50Ms)}, p99 ${ratio(latency.ours.p99Ms, latency.floor.p99Ms)}.`,
  ]
  return `${lines.join('\n')}\n`
}

function latencyCells(figures: LatencyFigures): string[] {
  return [String(figures.samples), figures.p50Ms.toFixed(1), figures.p99Ms.toFixed(1), figures.maxMs.toFixed(1)]
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0)

/** The flood table: a quiet board's acks alone and while another board floods, and the rate the flooder got. */
export function formatFloodReport({ alone, during, flood }: FloodIsolation, shape: FloodShape): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(1)
  const lines = [
    '',
    `Another board during a byte flood, our server with its default byte limits (${mib(Limits.documentBytesPerSecond)} MiB/s per socket ` +
      `after a burst of ${mib(Limits.documentByteBurst)} MiB, ${mib(Limits.boardBytesPerSecond)} MiB/s per board): a quiet board's writer pushes ` +
      `${shape.quiet.framesPerBoard.toLocaleString('en')} updates of ${SMALLEST_SEALED_BYTES}–${LARGEST_SEALED_BYTES} bytes sealed, one at a time, to one listener, ` +
      `first alone, then while a flooder on another board pushes ${(flood.frameBytes / 2 ** 20).toFixed(2)} MiB frames with up to ${shape.floodInFlight} in flight:`,
    '',
    row(["quiet board's acks", 'samples', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'run (s)']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    row(['alone', ...latencyCells(alone), seconds(alone.elapsedMs)]),
    row(['during the flood', ...latencyCells(during), seconds(during.elapsedMs)]),
    '',
    `During ÷ alone: p50 ${ratio(during.p50Ms, alone.p50Ms)}, p99 ${ratio(during.p99Ms, alone.p99Ms)}. ` +
      `The flooder got ${flood.framesAcked} frames acked in ${seconds(flood.elapsedMs)} s: ${flood.mibPerSecond.toFixed(2)} MiB/s in all, ` +
      `${flood.afterBurstMibPerSecond.toFixed(2)} MiB/s once its burst was spent.`,
    ...[alone, during]
      .filter((figures) => figures.samples < figures.framesPushed)
      .map((figures) => `Only ${figures.samples} of ${figures.framesPushed} quiet updates were acked before the deadline.`),
  ]
  return `${lines.join('\n')}\n`
}

/** The resume table: bytes of the first, full connection against a reconnect that resumes from the last seq held. */
export function formatResumeReport({ cards, cardCharacters, fullReplay, resumed }: ResumeBytes): string {
  const total = (bytes: ConnectionBytes) => bytes.sent + bytes.received
  const cells = (bytes: ConnectionBytes) => [bytes.sent, bytes.received, total(bytes)].map(String)
  const lines = [
    '',
    `Resume vs full replay, the real sync client in Node: a board of ${cards.toLocaleString('en')} cards of ${cardCharacters} characters, ` +
      'opened on a fresh device, then disconnected and reconnected unchanged; bytes of WebSocket messages on that connection, ' +
      'hello, pings and presence included:',
    '',
    row(['connection', 'sent (bytes)', 'received (bytes)', 'total (bytes)']),
    row(['---', '---:', '---:', '---:']),
    row(['first open (full replay)', ...cells(fullReplay)]),
    row(['reconnect (resumed from the last seq held)', ...cells(resumed)]),
    '',
    `Resumed ÷ full: ${(total(resumed) / total(fullReplay)).toPrecision(2)}× ` +
      `(the full replay moved ${Math.round(total(fullReplay) / total(resumed))} times as many bytes).`,
  ]
  return `${lines.join('\n')}\n`
}

/** The snapshot-stall table: a quiet board's acks alone and while another board stores 8 MiB snapshots, per log. */
export function formatSnapshotStallReport(results: readonly { label: string; stall: SnapshotStall }[], quietUpdates: number): string {
  const lines = [
    '',
    `A busy board while another stores ${SNAPSHOT_BYTES / 2 ** 20} MiB snapshots: a quiet board's writer pushes ${quietUpdates.toLocaleString('en')} small updates ` +
      'one at a time, alone and then while a socket on another board stores snapshots back to back (as fast as its byte budget lets it):',
    '',
    row(['log', "quiet board's acks", 'samples', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'snapshots stored']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:']),
    ...results.flatMap(({ label, stall }) => [
      row([label, 'alone', ...latencyCells(stall.alone), '–']),
      row([label, 'during the snapshots', ...latencyCells(stall.during), String(stall.snapshotsStored)]),
    ]),
    '',
    ...results.map(({ label, stall }) => `${label}: during ÷ alone, p99 ${ratio(stall.during.p99Ms, stall.alone.p99Ms)}, max ${ratio(stall.during.maxMs, stall.alone.maxMs)}.`),
  ]
  return `${lines.join('\n')}\n`
}

/** The big-board table: a board of months opened from the server and from the device, and its longest lane scrolled. */
export function formatBigBoardReport({ fromServerMs, fromDeviceMs, scroll }: BigBoardOpen): string {
  const lines = [
    '',
    `A board lived in for months — ${BIG_BOARD.talks} talks, ${BIG_BOARD.cards.toLocaleString('en')} cards in six lanes — in Chromium at 1366×768, ` +
      'on a device that joined it before (so it opens straight onto the lanes), timed from navigation to every card on screen:',
    '',
    row(['opened', 'time (ms)']),
    row(['---', '---:']),
    row(['from the server (no copy on the device yet)', fromServerMs.toFixed(0)]),
    row(['from the device (IndexedDB), the server away', fromDeviceMs.toFixed(0)]),
    '',
    `Scrolling its longest lane (${scroll.lane}, ${scroll.cards} cards) top to bottom, 200 px a frame: longest main-thread task ` +
      `${scroll.longestTaskMs.toFixed(0)} ms, ${scroll.tasksOver50Ms} task${scroll.tasksOver50Ms === 1 ? '' : 's'} over 50 ms.`,
  ]
  return `${lines.join('\n')}\n`
}
