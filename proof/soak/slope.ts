/** Least-squares slope of `value` over time, per hour; NaN with fewer than two points. */
export function slopePerHour(points: readonly { atMs: number; value: number }[]): number {
  const n = points.length
  if (n < 2) return Number.NaN
  const meanT = points.reduce((sum, point) => sum + point.atMs, 0) / n
  const meanV = points.reduce((sum, point) => sum + point.value, 0) / n
  let covariance = 0
  let variance = 0
  for (const { atMs, value } of points) {
    covariance += (atMs - meanT) * (value - meanV)
    variance += (atMs - meanT) ** 2
  }
  return variance === 0 ? Number.NaN : (covariance / variance) * 3_600_000
}
