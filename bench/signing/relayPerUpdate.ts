/**
 * What signing costs the server: nothing it can see but bytes. The relay
 * cannot verify (it holds no key) and only stores and fans out sealed
 * frames, so the same workload (bench/log/workload.ts) is pushed through
 * our server with plain frames and with frames grown by a signed
 * envelope, and its CPU time per update is compared (from /proc, all its
 * threads), rounds alternating.
 */
import { cpuSeconds } from '../../tests/kit/procStats.ts'
import { startBenchServer } from '../harness/serverProcess.ts'
import { runWorkload, type WorkloadShape } from '../log/workload.ts'

/**
 * What a signed envelope adds inside the sealed payload: the device id (16 characters), its counter
 * (a varint, up to 5 bytes), the algorithm (1) and the signature (64 bytes, Ed25519 or P-256 r‖s),
 * with their length prefixes: about 90 bytes, rounded up.
 */
export const ENVELOPE_BYTES = 96

export type RelayRun = { updates: number; elapsedMs: number; cpuSeconds: number }
export type RelayPerUpdate = { shape: WorkloadShape; plain: RelayRun[]; signed: RelayRun[] }

export async function measureRelayPerUpdate(
  shape: WorkloadShape,
  rounds: number,
  progress: (line: string) => void,
): Promise<RelayPerUpdate> {
  const server = await startBenchServer('durable')
  const result: RelayPerUpdate = { shape, plain: [], signed: [] }
  try {
    await runWorkload(server, { ...shape, deadlineMs: shape.deadlineMs / 2 }) // warm-up, not counted
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['plain', 'signed'] as const) : (['signed', 'plain'] as const)
      for (const variant of order) {
        const before = cpuSeconds(server.pid)
        const run = await runWorkload(server, { ...shape, extraSealedBytes: variant === 'signed' ? ENVELOPE_BYTES : 0 })
        const used = cpuSeconds(server.pid) - before
        if (run.timedOut) throw new Error(`the ${variant} round did not finish in ${shape.deadlineMs} ms`)
        result[variant].push({ updates: run.framesAcked, elapsedMs: run.elapsedMs, cpuSeconds: used })
        progress(
          `relay round ${round + 1}, ${variant}: ${run.framesAcked} updates, ${(run.elapsedMs / 1000).toFixed(2)} s, CPU ${used.toFixed(2)} s`,
        )
      }
    }
  } finally {
    await server.stop()
  }
  return result
}
