/**
 * Was the load generator itself the bottleneck? Its CPU (all its threads,
 * as a share of the one core it is pinned to) and its event loop's worst
 * delay over a window. A figure taken while it was saturated measures the
 * generator, not the server, and the report flags it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'

export type GeneratorLoad = { cpuShare: number; maxLagMs: number; saturated: boolean }

const SATURATED_CPU_SHARE = 0.9
const SATURATED_LAG_MS = 50

const RESOLUTION_MS = 10

export function watchGenerator(): { stop(): GeneratorLoad } {
  const lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  lag.enable()
  const cpuBefore = process.cpuUsage()
  const startedAt = performance.now()
  return {
    stop() {
      lag.disable()
      const cpu = process.cpuUsage(cpuBefore)
      const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - startedAt)
      // The histogram records the whole time between its timer's ticks, the resolution included: an idle loop reads 10 ms.
      const maxLagMs = Math.max(0, lag.max / 1e6 - RESOLUTION_MS)
      return { cpuShare, maxLagMs, saturated: cpuShare > SATURATED_CPU_SHARE || maxLagMs > SATURATED_LAG_MS }
    },
  }
}
