/**
 * Sends a replay (or a catch-up) at the pace the socket takes it, reading
 * from the log only what goes out next: one snapshot part, one page of
 * updates. What the server holds for a reader is bounded three ways:
 *
 *   per socket   the next read waits while more than replayHighWaterBytes is unsent;
 *   per address  each read is charged to the address's reader budget until
 *                the network takes its frames, and waits while the address is at its cap;
 *   in time      a reader that takes nothing for readerStallMs while the
 *                replay waits is a slow consumer: the replay ends 'stalled'.
 *
 * A part or page the log no longer holds (the board deleted, the snapshot
 * let go or replaced meanwhile) ends the replay 'changed'; the client,
 * which holds half a snapshot at most, reconnects and reads afresh.
 */
import { encodeServerFrame, type ServerFrame } from '../../shared/frames.ts'
import { Limits } from '../../shared/protocol.ts'
import type { RelayLimits } from '../common/policy.ts'
import type { ReaderAccount } from '../common/readerBudget.ts'
import { StallWatch } from '../common/stallWatch.ts'
import type { BoardLog, SealedEntry, StoredSnapshot, UpdatePage } from '../log/types.ts'
import { entriesFrames } from './entryFrames.ts'
import type { RelaySocket } from './socket.ts'
import { fromStorage } from './storageUnavailable.ts'

export type ReplayEnd =
  | { kind: 'sent'; headSeq: number }
  /** The board is not in the log (deleted before the replay was read). */
  | { kind: 'boardGone' }
  /** A part or page went from the log while the replay was being sent. */
  | { kind: 'changed' }
  /** The reader took nothing for readerStallMs. */
  | { kind: 'stalled' }
  | { kind: 'closed' }

export type ReplayReader = {
  log: BoardLog
  boardId: string
  socket: RelaySocket
  account: ReaderAccount
  limits: RelayLimits
  isClosed(): boolean
  /** True for an entry the socket already holds: a catch-up leaves it out. */
  holds(seq: number): boolean
}

/**
 * Charged before each read: the most one read brings into memory (a
 * snapshot part, or a page of updates and the one update that may take it
 * past its size), settled to what it held once read.
 */
const READ_CHARGE_BYTES = 2 * Limits.maxFrameBytes

type Interrupted = 'stalled' | 'closed'

export function sendReplay(reader: ReplayReader, knownSeq: number): Promise<ReplayEnd> {
  return new ReplaySend(reader).run(knownSeq)
}

class ReplaySend {
  readonly #watch: StallWatch

  constructor(private readonly reader: ReplayReader) {
    this.#watch = new StallWatch(reader.limits.readerStallMs)
  }

  async run(knownSeq: number): Promise<ReplayEnd> {
    const { log, boardId } = this.reader
    const replay = await this.#read(
      () => log.readReplay(boardId, knownSeq),
      (read) => sealedBytes(read.updates),
    )
    if (typeof replay === 'string') return { kind: replay }
    if (replay === null) return { kind: 'boardGone' }
    const { snapshot, headSeq } = replay
    // The first page waits, charged, behind the snapshot it was read with.
    if (snapshot !== null && !this.reader.holds(snapshot.seq)) {
      const end = await this.#sendSnapshot(snapshot)
      if (end !== null) return end
    }
    let page: UpdatePage = replay
    for (;;) {
      this.#send(entriesFrames(page.updates.filter((entry) => !this.reader.holds(entry.seq))), sealedBytes(page.updates))
      if (!page.moreUpdates) return { kind: 'sent', headSeq }
      const afterSeq = page.updates.at(-1)!.seq
      const next = await this.#read(
        () => log.readUpdates(boardId, afterSeq, headSeq),
        (read) => sealedBytes(read.updates),
      )
      if (typeof next === 'string') return { kind: next }
      if (next === null) return { kind: 'changed' }
      page = next
    }
  }

  /** The snapshot's parts, each read only when the socket and the address have room for it; null once all are sent. */
  async #sendSnapshot({ seq, coversSeq, partCount }: StoredSnapshot): Promise<ReplayEnd | null> {
    if (partCount === null) {
      this.#send([{ tag: 'snapshotStored', seq, coversSeq }], 0)
      return null
    }
    for (let index = 0; index < partCount; index++) {
      const bytes = await this.#read(
        () => this.reader.log.readSnapshotPart(this.reader.boardId, seq, index),
        (part) => part.byteLength,
      )
      if (typeof bytes === 'string') return { kind: bytes }
      if (bytes === null) return { kind: 'changed' }
      this.#send([{ tag: 'snapshotPart', seq, coversSeq, index, partCount, bytes }], bytes.byteLength)
    }
    return null
  }

  /** Waits for room, then reads; the read's bytes stay charged to the address until their frames are taken. */
  async #read<T>(read: () => Promise<T | null>, heldBytes: (value: T) => number): Promise<T | null | Interrupted> {
    const room = await this.#waitForRoom()
    if (room !== 'ready') return room
    const { account } = this.reader
    let value: T | null
    try {
      value = await fromStorage(read)
    } catch (error) {
      account.give(READ_CHARGE_BYTES)
      throw error
    }
    // Closed meanwhile: the account gave everything back when the socket closed.
    if (this.reader.isClosed()) return 'closed'
    account.settle(READ_CHARGE_BYTES, value === null ? 0 : heldBytes(value))
    return value
  }

  async #waitForRoom(): Promise<'ready' | Interrupted> {
    const { socket, account, limits } = this.reader
    if (this.reader.isClosed()) return 'closed'
    if (socket.bufferedAmount > limits.replayHighWaterBytes) {
      if (!(await this.#watch.wait(socket.whenBufferedBelow(limits.replayHighWaterBytes / 2)))) return 'stalled'
      if (this.reader.isClosed()) return 'closed'
    }
    while (!account.take(READ_CHARGE_BYTES)) {
      if (!(await this.#watch.wait(account.whenRoomMayBeFree()))) return 'stalled'
      if (this.reader.isClosed()) return 'closed'
    }
    return 'ready'
  }

  /** Sends frames holding `charged` bytes read from the log; each frame's bytes are given back as the network takes it. */
  #send(frames: readonly ServerFrame[], charged: number): void {
    const { socket, account } = this.reader
    const encoded = frames.map(encodeServerFrame)
    account.settle(
      charged,
      encoded.reduce((sum, frame) => sum + frame.byteLength, 0),
    )
    for (const frame of encoded) {
      socket.send(frame, () => {
        account.give(frame.byteLength)
        this.#watch.progressed()
      })
    }
  }
}

function sealedBytes(updates: readonly SealedEntry[]): number {
  return updates.reduce((sum, entry) => sum + entry.sealed.byteLength, 0)
}
