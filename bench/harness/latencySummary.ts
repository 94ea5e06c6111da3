/** A latency sample summed up as the reference tables print it: nearest-rank percentiles, so each is a latency that happened. */
export type LatencySummary = { samples: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number }

export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort()
  const rank = (p: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!)
  return { samples: sorted.length, p50Ms: rank(50), p95Ms: rank(95), p99Ms: rank(99), maxMs: rank(100) }
}
