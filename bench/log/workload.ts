/**
 * The bench's workload, the same for every server: a number of boards, each
 * with a writer socket pushing sealed updates (a bounded number in flight)
 * and a listener socket receiving them. It records, per frame, the time from
 * push to the writer's ack and from push to the listener's entry.
 */
import { randomBytes } from '../../shared/crypto.ts'
import { createBoard, seal, type ServerAddress } from '../../tests/kit/boards.ts'
import { joinTimed, type TimedClient } from '../harness/timedClient.ts'

export type WorkloadShape = {
  boards: number
  framesPerBoard: number
  /** Pushes a writer may have unacknowledged at once, as a client with a short queue would. */
  inFlightPerWriter: number
  /** The run stops waiting after this long, so a stuck server cannot hang the bench. */
  deadlineMs: number
  /** Bytes added to every sealed frame, as a signed envelope adds them (bench/signing/relayPerUpdate.ts); none when absent. */
  extraSealedBytes?: number
}

export type WorkloadResult = {
  framesPushed: number
  framesAcked: number
  /** From the first push to the last ack. */
  elapsedMs: number
  ackLatenciesMs: number[]
  fanOutLatenciesMs: number[]
  timedOut: boolean
}

type BoardSockets = { writer: TimedClient; listener: TimedClient; frames: Uint8Array[]; pushedAt: number[] }

/** Sealed sizes of a typical card edit: a few words typed or a card moved, 100 to 300 bytes. */
export const SMALLEST_SEALED_BYTES = 100
export const LARGEST_SEALED_BYTES = 300
/** What AES-GCM adds to the plaintext: the 12-byte IV and the 16-byte tag. */
const SEALING_OVERHEAD_BYTES = 28

/** `started` is called as the clock starts, so other load can begin with the measured pushes and not before. */
export async function runWorkload(server: ServerAddress, shape: WorkloadShape, started?: () => void): Promise<WorkloadResult> {
  // Boards, keys and ciphertext are made before the clock starts: the client's crypto is not what is measured.
  const boards = await Promise.all(
    Array.from({ length: shape.boards }, () => openBoard(server, shape.framesPerBoard, shape.extraSealedBytes ?? 0)),
  )
  started?.()
  const startedAt = performance.now()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timedOut'>((resolve) => (timer = setTimeout(() => resolve('timedOut'), shape.deadlineMs)))
  const finished = Promise.all(boards.map((board) => pushAndHearAll(board, shape.inFlightPerWriter, shape.deadlineMs)))
  // Past the deadline the sockets close under the waits still pending; they reject, and nobody is listening any more.
  finished.catch(() => {})
  const outcome = await Promise.race([finished, deadline])
  clearTimeout(timer)
  for (const { writer, listener } of boards) {
    writer.client.close()
    listener.client.close()
  }
  return {
    framesPushed: shape.boards * shape.framesPerBoard,
    framesAcked: boards.reduce((sum, { writer }) => sum + writer.ackedAt.size, 0),
    elapsedMs: lastAckAt(boards, startedAt) - startedAt,
    ackLatenciesMs: boards.flatMap(ackLatencies),
    fanOutLatenciesMs: boards.flatMap(fanOutLatencies),
    timedOut: outcome === 'timedOut',
  }
}

async function openBoard(server: ServerAddress, frameCount: number, extraBytes: number): Promise<BoardSockets> {
  const board = await createBoard(server)
  const sealedSizeRange = LARGEST_SEALED_BYTES - SMALLEST_SEALED_BYTES + 1
  const frames = await Promise.all(
    Array.from({ length: frameCount }, (_, i) => {
      // Spread over the whole range, the same spread on every board and every run.
      const sealedBytes = SMALLEST_SEALED_BYTES + ((i * 37) % sealedSizeRange) + extraBytes
      return seal(board, randomBytes(sealedBytes - SEALING_OVERHEAD_BYTES))
    }),
  )
  const [writer, listener] = await Promise.all([joinTimed(server.wsUrl, board), joinTimed(server.wsUrl, board)])
  return { writer, listener, frames, pushedAt: [] }
}

/** Pushes every frame with at most `inFlight` unanswered, then waits for the listener to hear the last one. */
async function pushAndHearAll(board: BoardSockets, inFlight: number, timeoutMs: number): Promise<void> {
  const { writer, listener, frames, pushedAt } = board
  let nextRef = 0
  const pushUntilDone = async () => {
    while (nextRef < frames.length) {
      const ref = nextRef++
      const answered = writer.client.waitForAnswer(ref, timeoutMs)
      pushedAt[ref] = performance.now()
      writer.client.send({ tag: 'pushUpdate', ref, sealed: frames[ref]! })
      await answered
    }
  }
  await Promise.all(Array.from({ length: inFlight }, pushUntilDone))
  // Entries reach a listener in seq order, so the highest acked seq arrives last.
  const lastSeq = Math.max(0, ...writer.seqOfRef.values())
  if (lastSeq > 0 && !listener.entryAt.has(lastSeq)) {
    // Timed as it arrives (timedClient.ts records before waits are woken), so the entry's own frame ends this wait.
    await listener.client.next(() => listener.entryAt.has(lastSeq), timeoutMs)
  }
}

function lastAckAt(boards: BoardSockets[], startedAt: number): number {
  return boards.reduce((last, { writer }) => Math.max(last, ...writer.ackedAt.values()), startedAt)
}

function ackLatencies({ writer, pushedAt }: BoardSockets): number[] {
  return [...writer.ackedAt].map(([ref, ackedAt]) => ackedAt - pushedAt[ref]!)
}

function fanOutLatencies({ writer, listener, pushedAt }: BoardSockets): number[] {
  const latencies: number[] = []
  for (const [ref, seq] of writer.seqOfRef) {
    const heardAt = listener.entryAt.get(seq)
    if (heardAt !== undefined) latencies.push(heardAt - pushedAt[ref]!)
  }
  return latencies
}
