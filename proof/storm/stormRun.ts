/**
 * One reconnect storm: the server is killed (SIGKILL: nothing flushed,
 * no close frames, every client learns it from a reset socket) and started
 * again on the same port and data; every client reconnects by its own
 * back-off and resumes. Measured from outside: when each client's replay
 * ended (its replayDone), what each received, and the server's RSS every
 * 100 ms plus the kernel's high-water mark for the new process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { cpuSeconds, memoryOf } from '../../tests/kit/procStats.ts'
import { cameTrue, sleep } from '../../tests/kit/waits.ts'
import { cardsMap } from '../../client/core/cardView.ts'
import type { RestartableServer } from '../../tests/kit/serverProcess.ts'
import type { LoadClient } from '../load/loadClient.ts'
import { RssSampler } from './rssSampler.ts'

export type StormMode = 'resume' | 'full replay'

export type StormResult = {
  mode: StormMode
  clients: number
  /** RSS of the server just before the kill, every client connected and quiet. */
  rssBeforeKillBytes: number
  /** SIGKILL until the new process printed its listening line. */
  downMs: number
  /** Of which: starting the new process (spawn until its listening line). */
  startMs: number
  /** Listening until the first and the last client had its replayDone. */
  firstReplayDoneMs: number
  allReplayDoneMs: number
  /** Listening until every client was caught up and saved again (its provider synced). */
  allSavedMs: number
  /** When the sockets that resynced were opened, after listening: the 10th and 90th percentile. A narrow spread is a herd. */
  resyncOpenedP10Ms: number
  resyncOpenedP90Ms: number
  /** Sockets the clients opened after the kill, refused ones included. */
  connectionAttempts: number
  /** Received by all clients over the connections that resynced, up to and including replayDone. */
  resyncBytes: number
  /** Received by all clients from the kill until SETTLE_MS after the last was saved: resync, presence, clock. */
  windowReceivedBytes: number
  windowSentBytes: number
  peakRssBytes: number
  /** CPU the new server process used, its own start included, until the window's end. */
  serverCpuSeconds: number
  /** CPU this process (every client) used from the kill until the window's end. */
  clientCpuSeconds: number
  /** The longest this process's event loop was held up in the window: how late a client could notice its own frames. */
  clientLoopDelayMaxMs: number
  /** True when every client still holds every card of its board and none was refused for good. */
  intact: boolean
}

/** Each wait has a limit, so a storm that never settles ends the run instead of hanging it. */
const RESYNC_LIMIT_MS = 90_000
/** Quiet time after the last client is saved, so the window's bytes hold the same presence and clock exchange in both modes. */
const SETTLE_MS = 3000
const SAMPLE_PERIOD_MS = 100

export async function runStorm(
  server: RestartableServer,
  clients: readonly LoadClient[],
  mode: StormMode,
  expectedCards: number,
  oldPid: number,
): Promise<StormResult & { pid: number }> {
  for (const client of clients) client.tap.fullReplay = mode === 'full replay'
  const rssBeforeKillBytes = memoryOf(oldPid).rssBytes
  const savedAt = new Map<LoadClient, number>()
  const clientCpuBefore = process.cpuUsage()
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const killedAt = performance.now()
  const stopWatching = clients.map((client) =>
    client.tracker.onChange(() => {
      if (client.tracker.state === 'saved' && !savedAt.has(client) && client.tap.connectionsSince(killedAt).length > 0)
        savedAt.set(client, performance.now())
    }),
  )
  await server.kill()
  const spawnedAt = performance.now()
  await server.start()
  const listeningAt = performance.now()
  const pid = server.pid
  const sampler = new RssSampler(() => pid, SAMPLE_PERIOD_MS)
  try {
    const replayDoneAt = (client: LoadClient) =>
      client.tap.connectionsSince(killedAt).find((connection) => connection.replayDoneAt !== null)?.replayDoneAt ?? null
    await cameTrue(() => clients.every((client) => replayDoneAt(client) !== null), { timeoutMs: RESYNC_LIMIT_MS, everyMs: 50 })
    await cameTrue(() => savedAt.size === clients.length, { timeoutMs: RESYNC_LIMIT_MS, everyMs: 50 })
    await sleep(SETTLE_MS)
    loopDelay.disable()
    const clientCpu = process.cpuUsage(clientCpuBefore)
    const doneTimes = clients.map(replayDoneAt).filter((at): at is number => at !== null)
    const since = clients.flatMap((client) => client.tap.connectionsSince(killedAt))
    const resynced = clients.flatMap((client) =>
      client.tap
        .connectionsSince(killedAt)
        .filter((connection) => connection.replayDoneAt !== null)
        .slice(0, 1),
    )
    return {
      mode,
      pid,
      clients: clients.length,
      rssBeforeKillBytes,
      downMs: listeningAt - killedAt,
      startMs: listeningAt - spawnedAt,
      firstReplayDoneMs: Math.min(...doneTimes) - listeningAt,
      allReplayDoneMs: doneTimes.length === clients.length ? Math.max(...doneTimes) - listeningAt : Number.POSITIVE_INFINITY,
      allSavedMs: savedAt.size === clients.length ? Math.max(...savedAt.values()) - listeningAt : Number.POSITIVE_INFINITY,
      resyncOpenedP10Ms: percentile(
        resynced.map((connection) => connection.openedAt - listeningAt),
        0.1,
      ),
      resyncOpenedP90Ms: percentile(
        resynced.map((connection) => connection.openedAt - listeningAt),
        0.9,
      ),
      connectionAttempts: since.length,
      resyncBytes: resynced.reduce((sum, connection) => sum + (connection.bytesThroughReplayDone ?? 0), 0),
      windowReceivedBytes: since.reduce((sum, connection) => sum + connection.receivedBytes, 0),
      windowSentBytes: since.reduce((sum, connection) => sum + connection.sentBytes, 0),
      peakRssBytes: Math.max(sampler.peakBytes(), memoryOf(pid).peakRssBytes),
      serverCpuSeconds: cpuSeconds(pid),
      clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
      clientLoopDelayMaxMs: loopDelay.max / 1e6,
      intact: clients.every(
        (client) => cardsMap(client.doc).size === expectedCards && client.tracker.closedCode === null && client.tracker.unreadable === 0,
      ),
    }
  } finally {
    sampler.stop()
    for (const stop of stopWatching) stop()
  }
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}
