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

/**
 * A latency sample summed up as every table prints it: nearest-rank
 * percentiles (no interpolation, so each is a latency that happened); NaN
 * for no samples.
 */
export type LatencyFigures = { samples: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number }

export function toLatencyFigures(samples: readonly number[]): LatencyFigures {
  const sorted = Float64Array.from(samples).sort()
  return { samples: sorted.length, p50Ms: rank(sorted, 50), p95Ms: rank(sorted, 95), p99Ms: rank(sorted, 99), maxMs: rank(sorted, 100) }
}

export function percentile(samples: readonly number[], p: number): number {
  return rank(Float64Array.from(samples).sort(), p)
}

function rank(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!
}
