/**
 * A raw client (tests/kit/rawClient.ts) whose acks and entries are timed as
 * they arrive: when each push's ack came (by ref), the seq it gave, and when
 * each entry was heard (by seq). Every bench that speaks our protocol
 * directly times through this.
 */
import type { ServerFrame } from '../../shared/frames.ts'
import type { TestBoard } from '../../tests/kit/boards.ts'
import { RawClient } from '../../tests/kit/rawClient.ts'

export type TimedClient = {
  client: RawClient
  /** performance.now() of each ack, by the ref it answers. */
  ackedAt: Map<number, number>
  /** The seq each acked ref was stored at. */
  seqOfRef: Map<number, number>
  /** performance.now() when each entry was heard, by seq. */
  entryAt: Map<number, number>
}

/** Connects, starts timing, says hello as a fresh device and waits for the end of the replay; a refused hello rejects. */
export async function joinTimed(
  wsUrl: string,
  board: Pick<TestBoard, 'boardId' | 'accessToken'>,
  timeoutMs = 30_000,
): Promise<TimedClient> {
  const client = await RawClient.connect(wsUrl)
  const timed: TimedClient = { client, ackedAt: new Map(), seqOfRef: new Map(), entryAt: new Map() }
  client.onFrame((frame) => record(timed, frame, performance.now()))
  client.hello(board)
  await client.waitFor('replayDone', undefined, timeoutMs)
  return timed
}

function record({ ackedAt, seqOfRef, entryAt }: TimedClient, frame: ServerFrame, now: number): void {
  if (frame.tag === 'ack') {
    ackedAt.set(frame.ref, now)
    seqOfRef.set(frame.ref, frame.seq)
  } else if (frame.tag === 'entry') {
    entryAt.set(frame.seq, now)
  } else if (frame.tag === 'entries') {
    for (const { seq } of frame.entries) entryAt.set(seq, now)
  }
}
