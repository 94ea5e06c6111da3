/**
 * One figure per server and scenario from its runs: the median of each
 * run's value, as the "medians of 3"; counts that must be zero
 * (lost, unacked, dropped) are summed, and the generator's worst run is kept
 * so a saturated run is never hidden by two calm ones.
 */
import type { LiveResult } from './liveLoad.ts'
import type { Outcome } from './referenceRun.ts'

export type LiveFigures = {
  runs: number
  errors: string[]
  deliveryP50Ms: number
  deliveryP95Ms: number
  deliveryP99Ms: number
  deliveryMaxMs: number
  deliveries: number
  expectedDeliveries: number
  lostDeliveries: number
  connectP99Ms: number
  ackP50Ms: number | null
  ackP99Ms: number | null
  unacked: number | null
  droppedSockets: number
  serverCpuSeconds: number
  serverCpuPerUpdateUs: number
  updatesMeasured: number
  peakRssBytes: number
  generatorCpuShare: number
  generatorMaxLagMs: number
  generatorSaturated: boolean
}

export function liveFigures(outcomes: readonly Outcome<LiveResult>[]): LiveFigures {
  const runs = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []))
  const errors = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error]))
  const med = (value: (run: LiveResult) => number) => median(runs.map(value))
  const sum = (value: (run: LiveResult) => number) => runs.reduce((total, run) => total + value(run), 0)
  const acked = runs.every((run) => run.ack !== null) && runs.length > 0
  return {
    runs: runs.length,
    errors,
    deliveryP50Ms: med((run) => run.delivery.p50Ms),
    deliveryP95Ms: med((run) => run.delivery.p95Ms),
    deliveryP99Ms: med((run) => run.delivery.p99Ms),
    deliveryMaxMs: med((run) => run.delivery.maxMs),
    deliveries: sum((run) => run.delivery.samples),
    expectedDeliveries: sum((run) => run.expectedDeliveries),
    lostDeliveries: sum((run) => run.lostDeliveries),
    connectP99Ms: med((run) => run.connect.p99Ms),
    ackP50Ms: acked ? med((run) => run.ack!.p50Ms) : null,
    ackP99Ms: acked ? med((run) => run.ack!.p99Ms) : null,
    unacked: runs.some((run) => run.unacked !== null) ? sum((run) => run.unacked ?? 0) : null,
    droppedSockets: sum((run) => run.droppedSockets),
    serverCpuSeconds: med((run) => run.serverCpuSeconds),
    serverCpuPerUpdateUs: med((run) => run.serverCpuPerUpdateUs),
    updatesMeasured: med((run) => run.updatesMeasured),
    peakRssBytes: med((run) => run.peakRssBytes),
    generatorCpuShare: Math.max(...runs.map((run) => run.generator.cpuShare)),
    generatorMaxLagMs: Math.max(...runs.map((run) => run.generator.maxLagMs)),
    generatorSaturated: runs.some((run) => run.generator.saturated),
  }
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
