/**
 * Does one board's large snapshot stall the others? A quiet board's writer
 * pushes small updates one at a time, timed alone and then while a socket on
 * another board stores 8 MiB snapshots back to back (in frame-sized parts,
 * as clients post them). Run against the log on its own thread (ours) and
 * against the same SQLite log on the event loop (as it was before), so the
 * move's effect is measured in the same run: on the event loop every
 * commit — an 8 MiB one most of all — stalls every board.
 */
import { SNAPSHOT_PART_BYTES } from '../../shared/protocol.ts'
import { createBoard, seal, type ServerAddress } from '../../tests/kit/boards.ts'
import { joinBoard, type RawClient } from '../../tests/kit/rawClient.ts'
import { toLatencyFigures, type LatencyFigures } from '../harness/figures.ts'
import { runWorkload, type WorkloadShape } from './workload.ts'

type Address = ServerAddress
/** An 8 MiB snapshot is paced by the poster's byte budget (about 4 s apart after its burst); a stuck server ends the bench. */
const ANSWER_TIMEOUT_MS = 60_000

export const SNAPSHOT_BYTES = 8 * 2 ** 20

export type SnapshotStall = { alone: LatencyFigures; during: LatencyFigures; snapshotsStored: number }

export async function measureSnapshotStall(server: Address, quiet: WorkloadShape): Promise<SnapshotStall> {
  // A fresh server runs its first thousands of frames cold; an uncounted run keeps that out of "alone".
  await runWorkload(server, quiet)
  const alone = toLatencyFigures((await runWorkload(server, quiet)).ackLatenciesMs)
  const poster = await openPoster(server)
  let stop = false
  let posting: Promise<number> | undefined
  const during = await runWorkload(server, quiet, () => {
    posting = postSnapshotsUntil(poster, () => stop)
  })
  stop = true
  const snapshotsStored = await posting!
  poster.client.socket.terminate()
  return { alone, during: toLatencyFigures(during.ackLatenciesMs), snapshotsStored }
}

type Poster = { client: RawClient; parts: Uint8Array[] }

async function openPoster(server: Address): Promise<Poster> {
  const board = await createBoard(server)
  // Sealed zeros look as random as any ciphertext, and the server never opens them.
  const sealed = await seal(board, new Uint8Array(SNAPSHOT_BYTES), 'snapshot')
  const parts: Uint8Array[] = []
  for (let offset = 0; offset < sealed.byteLength; offset += SNAPSHOT_PART_BYTES)
    parts.push(sealed.subarray(offset, offset + SNAPSHOT_PART_BYTES))
  return { client: (await joinBoard(server, board, 0, { timeoutMs: ANSWER_TIMEOUT_MS })).client, parts }
}

/** Stores snapshots one after another (each must contain the last) until told to stop; returns how many were stored. */
async function postSnapshotsUntil({ client, parts }: Poster, stopped: () => boolean): Promise<number> {
  let coversSeq = 0
  let stored = 0
  for (let ref = 1; !stopped(); ref++) {
    const answered = client.waitForAnswer(ref, ANSWER_TIMEOUT_MS)
    client.send({ tag: 'beginSnapshot', ref, coversSeq, partCount: parts.length, carriesChanges: false, keepSeqs: [] })
    parts.forEach((bytes, index) => client.send({ tag: 'snapshotPart', ref, index, bytes }))
    const answer = await answered
    if (answer.tag !== 'ack') break
    coversSeq = answer.seq
    stored++
  }
  return stored
}
