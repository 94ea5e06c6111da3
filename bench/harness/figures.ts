/**
 * What one server's rounds come to: throughput, latency percentiles and
 * memory, the figures the report prints and compares. Rounds are pooled:
 * every frame's latency counts once, and throughput is all frames acked
 * over all the time spent.
 */
import type { Variant } from './serverProcess.ts'
import type { WorkloadResult } from '../log/workload.ts'

export type Figures = {
  variant: Variant
  framesPushed: number
  framesAcked: number
  timedOut: boolean
  ackedPerSecond: number
  ackP50Ms: number
  ackP99Ms: number
  fanOutP50Ms: number
  fanOutP99Ms: number
  rssBytes: number
}

export function toFigures(variant: Variant, rounds: readonly WorkloadResult[], rssBytes: number): Figures {
  const total = (value: (round: WorkloadResult) => number) => rounds.reduce((sum, round) => sum + value(round), 0)
  const elapsedMs = total((round) => round.elapsedMs)
  const framesAcked = total((round) => round.framesAcked)
  const ackLatenciesMs = rounds.flatMap((round) => round.ackLatenciesMs)
  const fanOutLatenciesMs = rounds.flatMap((round) => round.fanOutLatenciesMs)
  return {
    variant,
    framesPushed: total((round) => round.framesPushed),
    framesAcked,
    timedOut: rounds.some((round) => round.timedOut),
    ackedPerSecond: elapsedMs > 0 ? framesAcked / (elapsedMs / 1000) : 0,
    ackP50Ms: percentile(ackLatenciesMs, 50),
    ackP99Ms: percentile(ackLatenciesMs, 99),
    fanOutP50Ms: percentile(fanOutLatenciesMs, 50),
    fanOutP99Ms: percentile(fanOutLatenciesMs, 99),
    rssBytes,
  }
}

/** A latency sample summed up the way the smaller tables print it. */
export type LatencyFigures = { samples: number; p50Ms: number; p99Ms: number; maxMs: number }

export function toLatencyFigures(samples: readonly number[]): LatencyFigures {
  return {
    samples: samples.length,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: samples.length > 0 ? Math.max(...samples) : Number.NaN,
  }
}

/** Nearest-rank percentile (no interpolation, so it is always a latency that happened); NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}
