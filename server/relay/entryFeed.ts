/**
 * What the board sends one socket live: entries in seq order, each once
 * (entryOrder.ts), presence and departures as they come. While the log is
 * being read for the socket (its first replay, a catch-up) live events are
 * held back and go out after what was read, with what the read already sent
 * dropped: an entry committed meanwhile is either in the read or held back,
 * never missed, never sent twice.
 *
 * A socket that does not keep up is a slow consumer, closed rather than
 * buffered for without bound: when its unsent output passes
 * slowConsumerBytes, or what waits behind a read does.
 */
import { encodeServerFrame } from '../../shared/frames.ts'
import type { RoomEvent } from '../fanout/types.ts'
import { EntryOrder } from './entryOrder.ts'
import type { RelaySocket } from './socket.ts'

/** The room events a feed carries; a retirement closes the socket instead. */
export type LiveEvent = Exclude<RoomEvent, { type: 'boardRetired' }>

export class EntryFeed {
  readonly #order = new EntryOrder()
  /** Live events that arrived while the log was being read; null when none are being held. */
  #heldBack: LiveEvent[] | null = null
  /** Bytes of the frames held back: bounded like the socket's unsent output. */
  #heldBackBytes = 0

  constructor(
    private readonly socket: RelaySocket,
    private readonly slowConsumerBytes: number,
    /** Closes the socket as a slow consumer; `detail` is worth one log line. */
    private readonly slowConsumer: (detail: string) => void,
  ) {}

  /** The highest seq up to which the socket holds every entry. */
  get last(): number {
    return this.#order.last
  }

  /** True while an entry that came early waits for the ones before it. */
  get hasGap(): boolean {
    return this.#order.hasGap
  }

  /** True when the socket holds this entry already: a read from the log leaves it out. */
  holds(seq: number): boolean {
    return this.#order.holds(seq)
  }

  /** From now until `release`, live events wait: the log is being read for this socket. */
  holdBack(): void {
    this.#heldBack = []
  }

  /** Sends a live event, or holds it back behind a read from the log. */
  deliver(event: LiveEvent): void {
    if (this.#heldBack !== null) return this.#hold(event)
    if (event.type === 'peerLeft') return this.socket.send(encodeServerFrame({ tag: 'peerLeft', peerId: event.peerId }))
    if (event.entrySeq === null) return this.#send(event.frames)
    for (const frames of this.#order.accept(event.entrySeq, event.frames)) this.#send(frames)
  }

  /**
   * The read from the log sent every entry up to `headSeq`: what waited
   * behind a gap it filled goes out now, and the held-back events are
   * returned to be delivered again, the ones the read had dropped.
   */
  release(headSeq: number): LiveEvent[] {
    for (const frames of this.#order.advanceTo(headSeq)) this.#send(frames)
    const heldBack = this.#heldBack ?? []
    this.#stopHolding()
    return heldBack
  }

  /** The socket closed: nothing held back is kept for it. */
  close(): void {
    this.#stopHolding()
  }

  /**
   * A live event that arrived during a read waits for it, its bytes counted:
   * a socket whose read goes too slowly for the board's traffic is a slow
   * consumer, not a reason to hold the board's traffic for it without bound.
   */
  #hold(event: LiveEvent): void {
    this.#heldBack!.push(event)
    if (event.type !== 'frames') return
    this.#heldBackBytes += event.frames.reduce((sum, frame) => sum + frame.byteLength, 0)
    if (this.#heldBackBytes > this.slowConsumerBytes) this.slowConsumer(`${this.#heldBackBytes} bytes held back behind its replay`)
  }

  #send(frames: readonly Uint8Array[]): void {
    // A reader that does not read would make the server buffer without bound; it reconnects and resumes instead.
    if (this.socket.bufferedAmount > this.slowConsumerBytes) return this.slowConsumer(`${this.socket.bufferedAmount} bytes unsent`)
    for (const frame of frames) this.socket.send(frame)
  }

  #stopHolding(): void {
    this.#heldBack = null
    this.#heldBackBytes = 0
  }
}
