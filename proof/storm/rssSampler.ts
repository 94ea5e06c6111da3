/**
 * Samples a process's resident memory at a fixed period, from /proc, for
 * the storm's peak. The pid is asked for at each tick, so sampling can
 * follow a server across a restart; a tick while no server runs (or
 * between its death and the kernel's reaping) is skipped.
 */
import { memoryOf } from '../../tests/kit/procStats.ts'

export type RssSample = { atMs: number; rssBytes: number }

export class RssSampler {
  readonly samples: RssSample[] = []
  readonly #timer: NodeJS.Timeout

  constructor(pid: () => number | null, periodMs: number) {
    this.#timer = setInterval(() => {
      const current = pid()
      if (current === null) return
      try {
        const { rssBytes } = memoryOf(current)
        if (Number.isFinite(rssBytes)) this.samples.push({ atMs: performance.now(), rssBytes })
      } catch {
        // The process exited between the tick and the read.
      }
    }, periodMs)
  }

  stop(): void {
    clearInterval(this.#timer)
  }

  peakBytes(sinceMs = -Infinity): number {
    return Math.max(0, ...this.samples.filter((sample) => sample.atMs >= sinceMs).map((sample) => sample.rssBytes))
  }
}
