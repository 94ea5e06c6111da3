/**
 * A socket once its hello is checked: a member of its board's room, with a
 * peer id. It is sent the board's log (a first replay, then catch-ups when
 * it falls behind) and the room's live events in seq order; its frames
 * write to the board (boardWrites.ts) or tell the board's presence.
 */
import { encodeServerFrame, type ServerFrame } from '../../shared/frames.ts'
import { CloseCode, PROTOCOL_VERSION } from '../../shared/protocol.ts'
import type { ReaderAccount } from '../common/readerBudget.ts'
import type { RoomEvent, RoomMember } from '../fanout/types.ts'
import { closeGone, closeRetired, retirementOf } from './boardGone.ts'
import { BoardWrites } from './boardWrites.ts'
import { CatchUp } from './catchUp.ts'
import { EntryFeed } from './entryFeed.ts'
import type { RelayContext } from './relayContext.ts'
import { sendReplay, type ReplayEnd } from './replaySender.ts'
import type { RelaySocket } from './socket.ts'

/** What a member needs of its connection. */
export type MemberSocket = {
  socket: RelaySocket
  address: string
  isOpen(): boolean
  isClosed(): boolean
  close(code: number, reason: string, logDetail?: string): void
  /** The socket's one catch (connection.ts). */
  fail(error: unknown): void
}

export class BoardMember implements RoomMember {
  readonly #feed: EntryFeed
  readonly #catchUp: CatchUp
  /** What its frames write to the board. */
  readonly writes: BoardWrites
  /** This socket's share of its address's reader budget, charged by replays and catch-ups. */
  readonly #reading: ReaderAccount

  constructor(
    readonly boardId: string,
    readonly peerId: number,
    private readonly connection: MemberSocket,
    private readonly context: RelayContext,
  ) {
    const { socket, address } = connection
    const close = (code: number, reason: string, logDetail?: string) => connection.close(code, reason, logDetail)
    this.#reading = context.readers.open(address)
    this.#feed = new EntryFeed(socket, context.limits.slowConsumerBytes, (detail) =>
      close(CloseCode.overloaded, 'slow consumer', `slow consumer: ${detail}`),
    )
    this.#catchUp = new CatchUp({
      feed: this.#feed,
      isOpen: () => connection.isOpen(),
      sendFromLog: (knownSeq) => this.#sendFromLog(knownSeq),
      release: (headSeq) => this.#release(headSeq),
      ended: (end) => this.#readEnded(end),
      fail: (error) => connection.fail(error),
    })
    this.writes = new BoardWrites(context, {
      boardId,
      address,
      member: this,
      isClosed: () => connection.isClosed(),
      send: (frame) => this.#send(frame),
      close,
      // An entry with nothing to send: it takes its place in the order, held back like any other during a catch-up.
      stored: (seq) => this.deliver({ type: 'frames', frames: [], entrySeq: seq }),
      boardGone: () => void closeGone(connection, context.log, boardId),
    })
  }

  /**
   * Joins the room BEFORE reading the log, holding back live events until
   * the replay is sent: an entry committed meanwhile is then either in the
   * replay or held back (and dropped if the replay had it), never missed.
   * The replay is sent at the pace the socket takes it. Resolves with the
   * head it was sent up to, or null when it did not get through (the
   * socket is closed then, with the code that says why).
   */
  async replay(knownSeq: number): Promise<number | null> {
    this.#feed.holdBack()
    // Only once the room hears every process is the log read: a commit elsewhere in between reaches the room.
    await this.context.fanout.join(this.boardId, this)
    if (this.connection.isClosed()) return null
    this.#send({ tag: 'welcome', version: PROTOCOL_VERSION, serverTime: this.context.now(), peerId: this.peerId, replayFrom: knownSeq })
    const end = await this.#sendFromLog(knownSeq)
    if (end.kind !== 'sent') {
      await this.#readEnded(end)
      return null
    }
    this.#send({ tag: 'replayDone', headSeq: end.headSeq })
    return end.headSeq
  }

  /** The replay was sent and the socket is open: what waited behind it goes out. */
  opened(headSeq: number): void {
    this.#release(headSeq)
  }

  deliver(event: RoomEvent): void {
    if (this.connection.isClosed()) return
    if (event.type === 'boardRetired') return closeRetired(this.connection, event)
    this.#feed.deliver(event)
    if (this.#feed.hasGap) this.#catchUp.gapSeen()
  }

  catchUpTo(headSeq: number): void {
    this.#catchUp.toHead(headSeq)
  }

  /** Presence is fanned out, never stored: to the whole board, or to one newcomer (`to`). */
  tellPresence(sealed: Uint8Array, to?: number): void {
    const frame = encodeServerFrame({ tag: 'awareness', peerId: this.peerId, sealed })
    this.context.fanout.publish(this.boardId, { type: 'frames', frames: [frame], entrySeq: null, to }, this)
  }

  /** The socket closed: everything it held is given back, and its peers learn it left. */
  leave(): void {
    this.writes.close()
    this.#feed.close()
    this.#catchUp.stop()
    this.#reading.close()
    const { fanout } = this.context
    fanout.leave(this.boardId, this)
    fanout.publish(this.boardId, { type: 'peerLeft', peerId: this.peerId })
  }

  /** What the log holds past `knownSeq`, read and sent part by part at the pace this socket takes it (replaySender.ts). */
  #sendFromLog(knownSeq: number): Promise<ReplayEnd> {
    const { log, limits } = this.context
    const { socket, isClosed } = this.connection
    const reader = { log, limits, boardId: this.boardId, socket, account: this.#reading }
    return sendReplay({ ...reader, isClosed, holds: (seq) => this.#feed.holds(seq) }, knownSeq)
  }

  /** The socket holds every entry up to `headSeq`: what waited behind the read goes out now, duplicates dropped. */
  #release(headSeq: number): void {
    for (const event of this.#feed.release(headSeq)) this.deliver(event)
  }

  /** A replay or catch-up that did not get through: the socket closes with the code that says why. */
  async #readEnded(end: Exclude<ReplayEnd, { kind: 'sent' }>): Promise<void> {
    const { log, limits } = this.context
    const { connection } = this
    if (end.kind === 'boardGone') return closeGone(connection, log, this.boardId)
    if (end.kind === 'stalled') {
      return connection.close(
        CloseCode.overloaded,
        'slow consumer',
        `slow consumer: took nothing of its replay for ${limits.readerStallMs} ms`,
      )
    }
    if (end.kind === 'changed') {
      // Retired is final; a snapshot replaced or let go meanwhile is mended by reading afresh.
      const retirement = await retirementOf(log, this.boardId)
      if (retirement !== null) return closeRetired(connection, retirement)
      return connection.close(
        CloseCode.replayInterrupted,
        'the board changed during its replay',
        'replay interrupted: a part it was sending went from the log',
      )
    }
    // 'closed': the socket went meanwhile, and leave() has given back all it held.
  }

  #send(frame: ServerFrame): void {
    if (!this.connection.isClosed()) this.connection.socket.send(encodeServerFrame(frame))
  }
}
