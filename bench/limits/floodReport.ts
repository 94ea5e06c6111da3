/** The flood table in Markdown: a quiet board's acks alone and while another board floods, and the rate the flooder got. */
import { DEFAULT_RELAY_LIMITS } from '../../server/common/policy.ts'
import { latencyCells, ratio, row } from '../harness/markdown.ts'
import { LARGEST_SEALED_BYTES, SMALLEST_SEALED_BYTES } from '../log/workload.ts'
import type { FloodIsolation, FloodShape } from './floodIsolation.ts'

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0)

export function formatFloodReport({ alone, during, flood }: FloodIsolation, shape: FloodShape): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(1)
  const lines = [
    '',
    `Another board during a byte flood, our server with its default byte limits (${mib(DEFAULT_RELAY_LIMITS.documentBytesPerSecond)} MiB/s per socket ` +
      `after a burst of ${mib(DEFAULT_RELAY_LIMITS.documentByteBurst)} MiB, ${mib(DEFAULT_RELAY_LIMITS.boardBytesPerSecond)} MiB/s per board): a quiet board's writer pushes ` +
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
