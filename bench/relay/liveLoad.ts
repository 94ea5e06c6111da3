/**
 * Scenarios (a)–(c) against one server: boards of people who each send an
 * edit at a steady rate (random phase, so sends spread over the second);
 * every edit should reach every other person on its board. After a warm-up
 * that is not counted, the measured window runs; then the bench waits a
 * grace period for late deliveries and acks before counting the rest lost.
 */
import { cameTrue, inBatches, sleep } from '../../tests/kit/waits.ts'
import { watchGenerator, type GeneratorLoad } from './generatorLoad.ts'
import { toLatencyFigures, type LatencyFigures } from '../harness/figures.ts'
import type { LoadClient, Protocol } from './loadClients/loadClient.ts'
import { cpuSeconds, memoryOf } from '../../tests/kit/procStats.ts'
import type { ServerProcess } from '../harness/serverProcess.ts'

export type LiveShape = {
  boards: number
  peoplePerBoard: number
  editsPerSecond: number
  warmUpMs: number
  measureMs: number
  /** How long after the last send a delivery or ack may still arrive. */
  graceMs: number
  /** Sockets opening at once: all of a board's people, as when a session starts. */
  connectConcurrency: number
}

export type LiveResult = {
  delivery: LatencyFigures
  expectedDeliveries: number
  lostDeliveries: number
  connect: LatencyFigures
  ack: LatencyFigures | null
  unacked: number | null
  droppedSockets: number
  updatesMeasured: number
  serverCpuSeconds: number
  serverCpuPerUpdateUs: number
  peakRssBytes: number
  generator: GeneratorLoad
  /** The measured window on the monotonic clock (µs), which V8's CPU profiles also use. */
  windowUs: { from: number; to: number }
}

/** Creating boards is not measured; a few at a time keeps it quick without a burst of HTTP. */
const CREATE_CONCURRENCY = 16

export async function runLiveScenario(server: ServerProcess, protocol: Protocol, shape: LiveShape): Promise<LiveResult> {
  const boards = await inBatches(range(shape.boards), CREATE_CONCURRENCY, () => protocol.newBoard(server))
  const seats = boards.flatMap((board) => range(shape.peoplePerBoard).map(() => board))
  const clients = await inBatches(seats, shape.connectConcurrency, (board) => board.join())
  const rooms = range(shape.boards).map((i) => clients.slice(i * shape.peoplePerBoard, (i + 1) * shape.peoplePerBoard))
  try {
    const periodMs = 1000 / shape.editsPerSecond
    const startAt = performance.now()
    const measureFrom = startAt + shape.warmUpMs
    const stopAt = measureFrom + shape.measureMs
    const sending = Promise.all(clients.map((client) => sendOnSchedule(client, startAt + Math.random() * periodMs, periodMs, stopAt)))
    await sleep(measureFrom - performance.now())
    const cpuBefore = cpuSeconds(server.pid)
    const generator = watchGenerator()
    const fromUs = monotonicUs()
    await sending
    await cameTrue(() => missingDeliveries(rooms) === 0 && clients.every((client) => client.serverHasAll()), {
      timeoutMs: shape.graceMs,
      everyMs: 50,
    })
    const serverCpuSeconds = cpuSeconds(server.pid) - cpuBefore
    const windowUs = { from: fromUs, to: monotonicUs() }
    const generatorLoad = generator.stop()
    const tally = tallyDeliveries(rooms, measureFrom, stopAt)
    return {
      ...tally,
      connect: toLatencyFigures(clients.map((client) => client.connectMs)),
      unacked: clients[0]!.unacked() === null ? null : clients.reduce((sum, client) => sum + client.unacked()!, 0),
      droppedSockets: clients.filter((client) => client.dropped()).length,
      serverCpuSeconds,
      serverCpuPerUpdateUs: (serverCpuSeconds / tally.updatesMeasured) * 1e6,
      peakRssBytes: memoryOf(server.pid).peakRssBytes,
      generator: generatorLoad,
      windowUs,
    }
  } finally {
    for (const client of clients) client.close()
  }
}

/** Sends at firstAt, firstAt + period, … until stopAt; a late timer sends late, and the send time says so. */
async function sendOnSchedule(client: LoadClient, firstAt: number, periodMs: number, stopAt: number): Promise<void> {
  for (let at = firstAt; at < stopAt; at += periodMs) {
    await sleep(at - performance.now())
    await client.sendEdit()
  }
}

type Tally = Pick<LiveResult, 'delivery' | 'expectedDeliveries' | 'lostDeliveries' | 'ack' | 'updatesMeasured'>

/**
 * Every edit sent, warm-up included, is expected at every other person of its board; one that never
 * arrived (or, for ours, was never acked, so has no seq) is lost. Latencies count the measured window only.
 */
function tallyDeliveries(rooms: readonly LoadClient[][], measureFrom: number, stopAt: number): Tally {
  const deliveries: number[] = []
  const acks: number[] = []
  let expectedDeliveries = 0
  let lostDeliveries = 0
  let updatesMeasured = 0
  for (const room of rooms) {
    for (const sender of room) {
      for (const sent of sender.sent()) {
        const measured = sent.sentAt >= measureFrom && sent.sentAt < stopAt
        if (measured) updatesMeasured++
        if (measured && sent.ackedAt !== undefined) acks.push(sent.ackedAt - sent.sentAt)
        for (const receiver of room) {
          if (receiver === sender) continue
          expectedDeliveries++
          const arrivedAt = sent.key === undefined ? undefined : receiver.arrivals.get(sent.key)
          if (arrivedAt === undefined) lostDeliveries++
          else if (measured) deliveries.push(arrivedAt - sent.sentAt)
        }
      }
    }
  }
  const ack = acks.length > 0 ? toLatencyFigures(acks) : null
  return { delivery: toLatencyFigures(deliveries), expectedDeliveries, lostDeliveries, ack, updatesMeasured }
}

function missingDeliveries(rooms: readonly LoadClient[][]): number {
  let missing = 0
  for (const room of rooms) {
    for (const sender of room) {
      for (const { key } of sender.sent()) {
        for (const receiver of room) if (receiver !== sender && (key === undefined || !receiver.arrivals.has(key))) missing++
      }
    }
  }
  return missing
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n)
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i)
}
