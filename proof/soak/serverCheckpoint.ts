/**
 * The server's state at one moment, for the soak's table: what the kernel
 * shows (RSS, file descriptors, TCP sockets) and what the timer census
 * loaded into it says (timers, V8 heap).
 */
import { sleep } from '../../tests/kit/waits.ts'
import { sampleServer, type TcpSockets } from './serverProbe.ts'
import { takeTimerCensus } from './timerCensus.ts'

export type Checkpoint = {
  rssBytes: number
  heapUsedBytes: number
  fds: number
  tcp: TcpSockets
  timers: number
  timerKinds: Record<string, number>
}

export async function takeCheckpoint(pid: number, stderr: () => string): Promise<Checkpoint> {
  const census = await takeTimerCensus(pid, stderr)
  return { ...sampleServer(pid), timers: census.timers, timerKinds: census.timerKinds, heapUsedBytes: census.heapUsedBytes }
}

/** Timers running now that were not at `baseline`, by kind: empty when none were added. */
export function timersAdded(baseline: Checkpoint, now: Checkpoint): Record<string, number> {
  const added: Record<string, number> = {}
  for (const [kind, count] of Object.entries(now.timerKinds)) {
    if (count > (baseline.timerKinds[kind] ?? 0)) added[kind] = count - (baseline.timerKinds[kind] ?? 0)
  }
  return added
}

/**
 * Waits until the server holds no client socket, and no more descriptors
 * and timers than at `baseline`. Closes are noticed asynchronously (a
 * dropped network only when the kernel says so) and a timer set while a
 * socket closed may still be due (ws waits up to 30 s for a closing
 * handshake), so an instant reading would blame the server for what is
 * merely in flight; what is left after `withinMs` is left for good.
 * Returns the checkpoint taken then, whether it settled, and how long it took.
 */
export async function settleToBaseline(
  pid: number,
  stderr: () => string,
  baseline: Checkpoint,
  withinMs: number,
): Promise<{ settled: boolean; at: Checkpoint; seconds: number }> {
  const startedAt = performance.now()
  const deadline = startedAt + withinMs
  for (;;) {
    const at = await takeCheckpoint(pid, stderr)
    const settled = at.tcp.established === 0 && at.tcp.other === 0 && at.fds <= baseline.fds && at.timers <= baseline.timers
    if (settled || performance.now() > deadline) return { settled, at, seconds: (performance.now() - startedAt) / 1000 }
    await sleep(SETTLE_POLL_MS)
  }
}

const SETTLE_POLL_MS = 500
