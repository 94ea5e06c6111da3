/**
 * What an admitted socket's writes do. An update joins the commit queue
 * (appendBatcher.ts) unless the board's tail is full; a snapshot arrives in
 * parts (snapshotUpload.ts) and joins the same queue once complete, so seqs
 * and acks stay in order. A stored entry is fanned out to the board and
 * acked to its writer, only once it is durable; a write the log refuses
 * for want of room is rejected, never closed on, so the client keeps it.
 */
import { encodeServerFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { CloseCode, ProtocolError, RejectReason } from '../../shared/protocol.ts'
import type { RoomMember } from '../fanout/types.ts'
import { snapshotFrames } from './entryFrames.ts'
import type { RelayContext } from './relayContext.ts'
import { SnapshotUpload } from './snapshotUpload.ts'
import { fromStorage } from './storageUnavailable.ts'

type Frame<T extends ClientFrame['tag']> = Extract<ClientFrame, { tag: T }>

/** The socket whose writes these are, once its hello was checked. */
export type Writer = {
  boardId: string
  address: string
  /** Not sent what the writer itself wrote. */
  member: RoomMember
  isClosed(): boolean
  send(frame: ServerFrame): void
  close(code: number, reason: string, logDetail?: string): void
  /** The writer's entry is stored: it takes its place in the socket's order (entryFeed.ts). */
  stored(seq: number): void
  /** The board went before the write was stored: the socket closes saying why. */
  boardGone(): void
}

export class BoardWrites {
  #upload: SnapshotUpload | null = null

  constructor(
    private readonly context: RelayContext,
    private readonly writer: Writer,
  ) {}

  async pushUpdate({ ref, sealed }: Frame<'pushUpdate'>): Promise<void> {
    const { boardId } = this.writer
    const { limits, batcher, fanout } = this.context
    const stored = await fromStorage(() => this.context.log.tailSize(boardId))
    // Gone (or restarting) while the tail was measured: nothing was accepted yet, so the client will resend it.
    if (this.writer.isClosed() || this.context.isClosing()) return
    const pending = batcher.pendingTail(boardId)
    if (stored.updates + pending.updates >= limits.maxTailUpdates || stored.bytes + pending.bytes >= limits.maxTailBytes) {
      return this.writer.send({ tag: 'reject', ref, reason: RejectReason.logFull })
    }
    batcher.enqueue({
      item: { kind: 'update', boardId, sealed },
      // Fanned out even if this socket has closed meanwhile: the update is durable, so others must see it.
      stored: (seq) => {
        const frame = encodeServerFrame({ tag: 'entry', seq, sealed })
        fanout.publish(boardId, { type: 'frames', frames: [frame], entrySeq: seq }, this.writer.member)
        this.#acknowledge(ref, seq)
      },
      // A full board or server: the client keeps the change and sends it again later (never a close, never final).
      refused: (reason) => this.writer.send({ tag: 'reject', ref, reason }),
      boardGone: () => this.writer.boardGone(),
      // The batcher logs the failure once for the whole batch.
      failed: () => this.writer.close(CloseCode.storageUnavailable, 'storage unavailable'),
    })
  }

  beginSnapshot(frame: Frame<'beginSnapshot'>): void {
    if (this.#upload !== null) throw new ProtocolError(CloseCode.protocolError, 'a snapshot began before the last one ended')
    const { staging, limits } = this.context
    const { address, boardId } = this.writer
    this.#upload = new SnapshotUpload(
      frame,
      staging,
      { address, boardId },
      {
        stallMs: limits.uploadStallMs,
        // Its bytes are already given back; the client posts the snapshot again after reconnecting.
        stalled: () =>
          this.writer.close(
            CloseCode.overloaded,
            'snapshot upload stalled',
            `snapshot upload stalled: no part for ${limits.uploadStallMs} ms`,
          ),
      },
    )
  }

  snapshotPart(frame: Frame<'snapshotPart'>): void {
    const upload = this.#upload
    if (upload === null) throw new ProtocolError(CloseCode.protocolError, 'a snapshot part without beginSnapshot')
    upload.add(frame)
    if (!upload.complete) return
    this.#upload = null
    this.#storeSnapshot(upload)
  }

  /** The socket closed: a snapshot half sent gives its staged bytes back. */
  close(): void {
    this.#upload?.release()
    this.#upload = null
  }

  /**
   * A snapshot joins the same commit queue as updates, so seqs and acks stay
   * in order. Others are told it was stored: with its content when it carries
   * changes no update holds, else with a short notice to reset their counters.
   */
  #storeSnapshot(upload: SnapshotUpload): void {
    if (this.context.isClosing()) return upload.release()
    const { boardId } = this.writer
    const { fanout } = this.context
    const { ref, coversSeq, carriesChanges, keepSeqs } = upload.begin
    const settle = (then: () => void) => () => {
      upload.release()
      then()
    }
    this.context.batcher.enqueue({
      item: { kind: 'snapshot', boardId, coversSeq, carriesChanges, keepSeqs, parts: upload.parts },
      stored: (seq) => {
        const content = carriesChanges ? upload.parts : null
        const frames = snapshotFrames(seq, coversSeq, content).map(encodeServerFrame)
        upload.release()
        fanout.publish(boardId, { type: 'frames', frames, entrySeq: seq }, this.writer.member)
        this.#acknowledge(ref, seq)
      },
      refused: (reason) => {
        upload.release()
        this.writer.send({ tag: 'reject', ref, reason })
      },
      boardGone: settle(() => this.writer.boardGone()),
      failed: settle(() => this.writer.close(CloseCode.storageUnavailable, 'storage unavailable')),
    })
  }

  /** The entry is the writer's own: acked, and counted as held, so what waited behind it goes out. */
  #acknowledge(ref: number, seq: number): void {
    this.writer.send({ tag: 'ack', ref, seq })
    this.writer.stored(seq)
  }
}
