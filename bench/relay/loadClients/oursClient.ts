/**
 * Ours, through the kit's raw client, timed (harness/timedClient.ts): hello with knownSeq 0 (a fresh
 * device), each edit sealed with AES-256-GCM (shared/crypto.ts) and pushed,
 * acks giving its seq, and others' edits heard as `entry` frames by seq.
 */
import * as Y from 'yjs'
import { createBoard, seal, type TestBoard } from '../../../tests/kit/boards.ts'
import { within } from '../../../tests/kit/waits.ts'
import { joinTimed, type TimedClient } from '../../harness/timedClient.ts'
import type { ServerProcess } from '../../harness/serverProcess.ts'
import type { LoadClient, Protocol, SentUpdate } from './loadClient.ts'
import { TextWriter } from './textWriter.ts'

const CONNECT_TIMEOUT_MS = 30_000
const SNAPSHOT_TIMEOUT_MS = 30_000
/** Snapshot refs sit far above the edits' refs (0, 1, 2…), so an ack is never mistaken for the other's. */
const SNAPSHOT_REF = 1_000_000_000

export const oursProtocol: Protocol = {
  server: 'ours',
  async newBoard(server: ServerProcess) {
    const board = await createBoard(server)
    const wsUrl = `ws://127.0.0.1:${server.port}/ws`
    return { join: () => joinBoard(wsUrl, board) }
  },
}

/** One person on `board` through the server at `wsUrl`; the scale-out bench seats a board's people on several processes. */
export async function joinBoard(wsUrl: string, board: TestBoard): Promise<LoadClient> {
  const startedAt = performance.now()
  const frames = await within(joinTimed(wsUrl, board, CONNECT_TIMEOUT_MS), CONNECT_TIMEOUT_MS, 'our replayDone')
  const connectMs = performance.now() - startedAt
  const writer = new TextWriter()
  const sentAt: number[] = []
  let closing = false
  let dropped = false
  void frames.client.closed.then(() => (dropped = !closing))

  return {
    connectMs,
    async sendEdit() {
      const sealed = await seal(board, writer.nextUpdate())
      // The ref is taken after sealing, so refs leave in order even if two seals finish out of order.
      const ref = sentAt.length
      sentAt.push(performance.now())
      frames.client.send({ tag: 'pushUpdate', ref, sealed })
    },
    sent: () => sentAt.map((at, ref): SentUpdate => ({ sentAt: at, key: frames.seqOfRef.get(ref), ackedAt: frames.ackedAt.get(ref) })),
    arrivals: frames.entryAt,
    unacked: () => sentAt.reduce((count, _, ref) => count + (frames.ackedAt.has(ref) ? 0 : 1), 0),
    serverHasAll: () => sentAt.every((_, ref) => frames.ackedAt.has(ref)),
    compact: () => postSnapshot(frames, board, writer.doc),
    dropped: () => dropped,
    close() {
      closing = true
      frames.client.close()
    },
  }
}

/** One snapshot in one part, covering every seq acked so far: what our client posts when the tail is long. */
async function postSnapshot({ client, seqOfRef }: TimedClient, board: TestBoard, doc: Y.Doc): Promise<void> {
  const coversSeq = Math.max(0, ...seqOfRef.values())
  const sealed = await seal(board, Y.encodeStateAsUpdate(doc), 'snapshot')
  const ref = SNAPSHOT_REF + coversSeq
  const answer = client.waitForAnswer(ref, SNAPSHOT_TIMEOUT_MS)
  client.send({ tag: 'beginSnapshot', ref, coversSeq, partCount: 1, carriesChanges: false, keepSeqs: [] })
  client.send({ tag: 'snapshotPart', ref, index: 0, bytes: sealed })
  const frame = await answer
  if (frame.tag !== 'ack') throw new Error(`our server refused the bench's snapshot (${JSON.stringify(frame)})`)
}
