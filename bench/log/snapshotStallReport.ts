/** The snapshot-stall table in Markdown: a quiet board's acks alone and while another board stores 8 MiB snapshots, per log. */
import { latencyCells, ratio, row } from '../harness/markdown.ts'
import { SNAPSHOT_BYTES, type SnapshotStall } from './snapshotStall.ts'

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
    ...results.map(
      ({ label, stall }) =>
        `${label}: during ÷ alone, p99 ${ratio(stall.during.p99Ms, stall.alone.p99Ms)}, max ${ratio(stall.during.maxMs, stall.alone.maxMs)}.`,
    ),
  ]
  return `${lines.join('\n')}\n`
}
