/**
 * Does one board's byte flood reach another board? A quiet board (one
 * writer and one listener, small sealed updates, one in flight) is timed
 * alone, then again while a flooder on another board pushes the largest
 * frames it may, as fast as the server lets it. The server throttles
 * document bytes per socket by pausing that socket's reads, so the flooder
 * should settle near documentBytesPerSecond (server/common/policy.ts) once
 * its burst is spent, and the quiet board's acks should hardly notice.
 */
import { DEFAULT_RELAY_LIMITS } from '../../server/common/policy.ts'
import { MAX_UPDATE_PLAINTEXT_BYTES } from '../../shared/protocol.ts'
import { createBoard, seal, type ServerAddress } from '../../tests/kit/boards.ts'
import { toLatencyFigures, type LatencyFigures } from '../harness/figures.ts'
import { joinTimed, type TimedClient } from '../harness/timedClient.ts'
import { runWorkload, type WorkloadResult, type WorkloadShape } from '../log/workload.ts'

type Address = ServerAddress

export type FloodShape = {
  /** The quiet board's run: one board, one push in flight. */
  quiet: WorkloadShape
  floodInFlight: number
  /** Frames sealed beforehand; the flood never pushes more. */
  floodMaxFrames: number
  /** The flood goes on at least this long, so its rate after the burst is measured over several frames. */
  floodMinMs: number
  floodDeadlineMs: number
}

export type FloodFigures = {
  framesAcked: number
  frameBytes: number
  elapsedMs: number
  mibPerSecond: number
  afterBurstMibPerSecond: number
}

export type FloodIsolation = { alone: QuietFigures; during: QuietFigures; flood: FloodFigures }
export type QuietFigures = LatencyFigures & { framesPushed: number; elapsedMs: number }

type Flooder = { timed: TimedClient; frames: Uint8Array[] }

const MIB = 2 ** 20

export async function measureFloodIsolation(server: Address, shape: FloodShape): Promise<FloodIsolation> {
  // A fresh server runs its first thousands of frames cold (JIT, caches); an uncounted run keeps that out of "alone".
  await runWorkload(server, shape.quiet)
  const alone = quietFigures(await runWorkload(server, shape.quiet))
  const flooder = await openFlooder(server, shape.floodMaxFrames)
  let flood: Promise<FloodFigures> | undefined
  // The flood starts with the quiet board's first push, not while it is still sealing and connecting, so its burst is measured too.
  const quietRun = runWorkload(server, shape.quiet, () => {
    const minimum = new Promise((resolve) => setTimeout(resolve, shape.floodMinMs))
    flood = pushFlood(flooder, shape, Promise.all([quietRun, minimum]))
  })
  const during = quietFigures(await quietRun)
  return { alone, during, flood: await flood! }
}

function quietFigures(result: WorkloadResult): QuietFigures {
  return { ...toLatencyFigures(result.ackLatenciesMs), framesPushed: result.framesPushed, elapsedMs: result.elapsedMs }
}

async function openFlooder(server: Address, frameCount: number): Promise<Flooder> {
  const board = await createBoard(server)
  // The largest update one frame carries. Sealed zeros look as random as any ciphertext, and the server never opens them.
  const plaintext = new Uint8Array(MAX_UPDATE_PLAINTEXT_BYTES)
  const frames = await Promise.all(Array.from({ length: frameCount }, () => seal(board, plaintext)))
  return { timed: await joinTimed(server.wsUrl, board), frames }
}

/** Pushes with up to floodInFlight unanswered until `stop` settles, the frames run out, or the deadline passes. */
async function pushFlood({ timed, frames }: Flooder, shape: FloodShape, stop: Promise<unknown>): Promise<FloodFigures> {
  const { client } = timed
  let stopped = false
  let nextRef = 0
  const pushUntilStopped = async () => {
    while (!stopped && nextRef < frames.length) {
      const ref = nextRef++
      const answered = client.waitForAnswer(ref, shape.floodDeadlineMs)
      client.send({ tag: 'pushUpdate', ref, sealed: frames[ref]! })
      await answered
    }
  }
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise((resolve) => (timer = setTimeout(resolve, shape.floodDeadlineMs)))
  const startedAt = performance.now()
  const pushing = Promise.all(Array.from({ length: shape.floodInFlight }, pushUntilStopped))
  // Cut off below, the answers still awaited reject; the flood is over by then.
  pushing.catch(() => {})
  await Promise.race([stop, deadline, pushing])
  stopped = true
  clearTimeout(timer)
  // Not close(): the server reads this socket slowly on purpose, and a closing handshake would wait out its pause.
  client.socket.terminate()
  return floodFigures([...timed.ackedAt.values()], frames[0]!.byteLength, startedAt)
}

/**
 * Rate in all, and after the burst: from the ack of the first frame the
 * burst could not pay for, when the socket's budget went into debt.
 */
function floodFigures(ackTimes: number[], frameBytes: number, startedAt: number): FloodFigures {
  const acked = [...ackTimes].sort((a, b) => a - b)
  const elapsedMs = (acked.at(-1) ?? startedAt) - startedAt
  const rate = (frames: number, ms: number) => (ms > 0 ? (frames * frameBytes) / MIB / (ms / 1000) : Number.NaN)
  const firstInDebt = Math.floor(DEFAULT_RELAY_LIMITS.documentByteBurst / frameBytes)
  const afterBurst = acked.length - 1 - firstInDebt
  return {
    framesAcked: acked.length,
    frameBytes,
    elapsedMs,
    mibPerSecond: rate(acked.length, elapsedMs),
    afterBurstMibPerSecond: afterBurst > 0 ? rate(afterBurst, acked.at(-1)! - acked[firstInDebt]!) : Number.NaN,
  }
}
