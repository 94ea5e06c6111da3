/**
 * Ours, through the bench's FrameClient: hello with knownSeq 0 (a fresh
 * device), each edit sealed with AES-256-GCM (shared/crypto.ts) and pushed,
 * acks giving its seq, and others' edits heard as `entry` frames by seq.
 */
import * as Y from 'yjs'
import { deriveBoardKeys, sealPayload } from '../../../shared/crypto.ts'
import { encodeClientFrame } from '../../../shared/frames.ts'
import { within } from '../../../tests/kit/waits.ts'
import { createBenchBoard, FrameClient, type BenchBoard } from '../../harness/frameClient.ts'
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
    const board = await createBenchBoard(server.url)
    const { encryptionKey } = await deriveBoardKeys(board.boardId, board.secret)
    const wsUrl = `ws://127.0.0.1:${server.port}/ws`
    return { join: () => joinBoard(wsUrl, board, encryptionKey) }
  },
}

/** One person on `board` through the server at `wsUrl`; the scale-out bench seats a board's people on several processes. */
export async function joinBoard(wsUrl: string, board: BenchBoard, encryptionKey: CryptoKey): Promise<LoadClient> {
  const startedAt = performance.now()
  const frames = await within(FrameClient.connect(wsUrl, board), CONNECT_TIMEOUT_MS, 'our replayDone')
  const connectMs = performance.now() - startedAt
  const writer = new TextWriter()
  const sentAt: number[] = []
  let closing = false
  let dropped = false
  frames.socket.once('close', () => (dropped = !closing))
  // A socket error ends in 'close', counted above; with no listener it would throw in the bench itself.
  frames.socket.on('error', () => {})

  return {
    connectMs,
    async sendEdit() {
      const sealed = await sealPayload(encryptionKey, board.boardId, 'update', writer.nextUpdate())
      // The ref is taken after sealing, so refs leave in order even if two seals finish out of order.
      const ref = sentAt.length
      sentAt.push(performance.now())
      frames.push(ref, sealed)
    },
    sent: () => sentAt.map((at, ref): SentUpdate => ({ sentAt: at, key: frames.seqOfRef.get(ref), ackedAt: frames.ackedAt.get(ref) })),
    arrivals: frames.entryAt,
    unacked: () => sentAt.reduce((count, _, ref) => count + (frames.ackedAt.has(ref) ? 0 : 1), 0),
    serverHasAll: () => sentAt.every((_, ref) => frames.ackedAt.has(ref)),
    compact: () => postSnapshot(frames, board, encryptionKey, writer.doc),
    dropped: () => dropped,
    close() {
      closing = true
      frames.close()
    },
  }
}

/** One snapshot in one part, covering every seq acked so far: what our client posts when the tail is long. */
async function postSnapshot(frames: FrameClient, board: BenchBoard, encryptionKey: CryptoKey, doc: Y.Doc): Promise<void> {
  const coversSeq = Math.max(0, ...frames.seqOfRef.values())
  const sealed = await sealPayload(encryptionKey, board.boardId, 'snapshot', Y.encodeStateAsUpdate(doc))
  const ref = SNAPSHOT_REF + coversSeq
  const answer = frames.next((frame) => (frame.tag === 'ack' || frame.tag === 'reject') && frame.ref === ref)
  frames.socket.send(encodeClientFrame({ tag: 'beginSnapshot', ref, coversSeq, partCount: 1, carriesChanges: false, keepSeqs: [] }))
  frames.socket.send(encodeClientFrame({ tag: 'snapshotPart', ref, index: 0, bytes: sealed }))
  const frame = await within(answer, SNAPSHOT_TIMEOUT_MS, 'the snapshot ack')
  if (frame.tag !== 'ack') throw new Error(`our server refused the bench's snapshot (${JSON.stringify(frame)})`)
}
