/**
 * One socket's life, as a state machine:
 *
 *   awaitingHello ─hello─▶ authenticating ─ok─▶ replaying ─replayDone─▶ open ─▶ closed
 *
 * Client frames are handled strictly one after another (the inbox), so a
 * socket's pushes reach the log in the order they were sent. Until the
 * hello is checked the inbox may hold only a few small frames. Every error
 * ends in #fail: the one catch at the socket boundary, which closes this
 * socket with a named code and logs one line, and touches nothing else.
 */
import { decodeClientFrame, encodeServerFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { CloseCode, INTERNAL_ERROR, Limits, PROTOCOL_VERSION, ProtocolError, RejectReason } from '../../shared/protocol.ts'
import type { Fanout, RoomEvent, RoomMember } from '../fanout/types.ts'
import type { BoardLog, Retirement } from '../log/types.ts'
import type { Admission } from './admission.ts'
import type { AppendBatcher } from './appendBatcher.ts'
import { shortCloseReason } from './closeReason.ts'
import { documentBytes, presenceBytes, snapshotFrames } from './entryFrames.ts'
import { EntryOrder } from './entryOrder.ts'
import { authenticate, readHello } from './hello.ts'
import type { RelayLimits } from '../common/policy.ts'
import type { ReaderAccount, ReaderBudget } from '../common/readerBudget.ts'
import { sendReplay, type ReplayEnd } from './replaySender.ts'
import { SnapshotUpload, type StagingBudget } from './snapshotUpload.ts'
import type { RelaySocket, SocketEvents } from './socket.ts'
import { fromStorage, StorageUnavailableError } from './storageUnavailable.ts'
import { Throttle } from './throttle.ts'

type Phase = 'awaitingHello' | 'authenticating' | 'replaying' | 'open' | 'closed'

/** How long an entry that came early waits for the ones before it before they are fetched from the log. */
export const GAP_WAIT_MS = 50

/** What a connection needs from the relay that owns it. */
export type RelayContext = {
  log: BoardLog
  fanout: Fanout
  batcher: AppendBatcher
  limits: RelayLimits
  admission: Admission
  staging: StagingBudget
  /** What each address's replays may hold in memory, shared with its history downloads. */
  readers: ReaderBudget
  logLine(line: string): void
  /** The board's clock (server time in ms); injectable so tests can move time. */
  now(): number
  nextPeerId(): number
  forget(connection: Connection): void
  /** True once a graceful restart has begun: nothing new is taken, what was taken is committed. */
  isClosing(): boolean
}

type Handlers = { [T in ClientFrame['tag']]: (frame: Extract<ClientFrame, { tag: T }>) => Promise<void> | void }

export class Connection implements RoomMember, SocketEvents {
  #phase: Phase = 'awaitingHello'
  #boardId: string | null = null
  #peerId: number | null = null
  #seatOn: string | null = null
  readonly #inbox: ClientFrame[] = []
  /** Frames read before the hello was checked, the hello included: the limit counts what was sent, not what waits. */
  #framesBeforeHello = 0
  #draining = false
  /** Room events that arrive while a replay or a catch-up is being sent; delivered after it. */
  #heldBack: RoomEvent[] | null = null
  /** Bytes of the frames held back: bounded like a slow consumer's unsent output. */
  #heldBackBytes = 0
  /** This socket's share of its address's reader budget, charged by replays and catch-ups. */
  readonly #reading: ReaderAccount
  /** Which entries the socket holds: live ones are sent in seq order, once. */
  readonly #entries = new EntryOrder()
  #catchingUp = false
  #gapTimer: NodeJS.Timeout | null = null
  #upload: SnapshotUpload | null = null
  readonly #throttle: Throttle
  readonly #helloTimer: NodeJS.Timeout

  constructor(
    private readonly socket: RelaySocket,
    private readonly context: RelayContext,
    private readonly address: string,
  ) {
    const { limits } = context
    this.#throttle = new Throttle(socket, context.admission.socketBudgets(address))
    this.#reading = context.readers.open(address)
    // Until the hello is checked nothing larger than a hello is even buffered.
    socket.limitFrameBytes(Limits.maxHelloBytes)
    // 45xx, not final: a phone frozen right after connecting is not a broken client.
    this.#helloTimer = setTimeout(
      () => this.#fail(new ProtocolError(CloseCode.helloTimeout, `no hello within ${limits.helloTimeoutMs} ms`)),
      limits.helloTimeoutMs,
    )
  }

  get peerId(): number | null {
    return this.#peerId
  }

  get isOpen(): boolean {
    return this.#phase === 'open'
  }

  get boardId(): string | null {
    return this.#boardId
  }

  get #authenticated(): boolean {
    return this.#phase === 'replaying' || this.#phase === 'open'
  }

  message(bytes: Uint8Array, isBinary: boolean): void {
    // During a graceful restart new frames are dropped unanswered: the client resends whatever was not acked.
    if (this.#phase === 'closed' || this.context.isClosing()) return
    try {
      if (!isBinary) throw new ProtocolError(CloseCode.protocolError, 'text frames are not part of the protocol')
      const frame = decodeClientFrame(bytes, this.#authenticated ? undefined : Limits.maxHelloBytes)
      this.#throttle.charge(documentBytes(frame), presenceBytes(frame))
      // Clock pings skip the queue: a ping answered late would skew the client's clock estimate.
      if (frame.tag === 'ping' && this.#authenticated) return this.#send({ tag: 'pong', pingId: frame.pingId, serverTime: this.context.now() })
      if (!this.#authenticated && ++this.#framesBeforeHello > this.context.limits.maxFramesBeforeHello) {
        throw new ProtocolError(CloseCode.protocolError, 'too many frames before the hello was checked')
      }
      this.#inbox.push(frame)
      void this.#drain()
    } catch (error) {
      this.#fail(error)
    }
  }

  closed(): void {
    this.#leave()
  }

  deliver(event: RoomEvent): void {
    if (this.#phase === 'closed') return
    if (event.type === 'boardDeleted') return this.#closeRetired(event.reason)
    if (this.#heldBack !== null) return this.#holdBack(event)
    if (event.type === 'peerLeft') return this.#send({ tag: 'peerLeft', peerId: event.peerId })
    if (event.entrySeq === null) return this.#sendFrames(event.frames)
    for (const frames of this.#entries.accept(event.entrySeq, event.frames)) this.#sendFrames(frames)
    if (this.#entries.hasGap) this.#fetchGapSoon()
  }

  /** Fetches from the log what this socket lacks up to `headSeq` (the relay found the board's head ahead of it). */
  catchUpTo(headSeq: number): void {
    if (this.#entries.last < headSeq) void this.#catchUp()
  }

  /** Sends the server's clock unasked, which also keeps a quiet socket from timing out. */
  tellTime(frame: Uint8Array): void {
    if (this.#phase === 'open') this.socket.send(frame)
  }

  /** Closes this socket; `logDetail` set means the close is worth one log line. */
  close(code: number, reason: string, logDetail?: string): void {
    if (this.#phase === 'closed') return
    this.#leave()
    this.socket.close(code, shortCloseReason(reason))
    if (logDetail !== undefined) {
      this.context.logLine(`relay: board=${this.#boardId ?? '-'} peer=${this.#peerId ?? '-'} closed ${code}: ${logDetail}`)
    }
  }

  async #drain(): Promise<void> {
    if (this.#draining) return
    this.#draining = true
    try {
      while (this.#phase !== 'closed' && this.#inbox.length > 0) {
        const frame = this.#inbox.shift()!
        if (this.#phase === 'awaitingHello') await this.#hello(frame)
        else await (this.#handlers[frame.tag] as (frame: ClientFrame) => Promise<void> | void)(frame)
      }
    } catch (error) {
      this.#fail(error)
    } finally {
      this.#draining = false
    }
  }

  async #hello(frame: ClientFrame): Promise<void> {
    clearTimeout(this.#helloTimer)
    this.#phase = 'authenticating'
    const hello = readHello(frame)
    const boardId = (this.#boardId = hello.boardId)
    const { replayFrom } = await authenticate(hello, this.context.log)
    // The socket may have closed while the hash was computed.
    if (this.#isClosed()) return
    const boardBytes = await this.context.admission.takeSeat(boardId)
    if (boardBytes === null) throw new ProtocolError(CloseCode.tooManyConnections, 'too many connections to this board')
    if (this.#isClosed()) return this.context.admission.releaseSeat(boardId)
    this.#seatOn = boardId
    this.#throttle.joinBoard(boardBytes)
    await this.#replay(boardId, replayFrom)
  }

  /**
   * Joins the room BEFORE reading the log, holding back live events until
   * the replay is sent: an entry committed meanwhile is then either in the
   * replay or held back (and dropped if the replay had it), never missed.
   * The replay is sent at the pace the socket takes it.
   */
  async #replay(boardId: string, knownSeq: number): Promise<void> {
    const peerId = (this.#peerId = this.context.nextPeerId())
    this.#phase = 'replaying'
    this.context.admission.authenticated(this.address)
    // Room to spare over the limit, so an oversized frame reaches the decoder and gets its named 4413.
    this.socket.limitFrameBytes(2 * Limits.maxFrameBytes)
    this.#heldBack = []
    // Only once the room hears every process is the log read: a commit elsewhere in between reaches the room.
    await this.context.fanout.join(boardId, this)
    if (this.#isClosed()) return
    this.#send({ tag: 'welcome', version: PROTOCOL_VERSION, serverTime: this.context.now(), peerId, replayFrom: knownSeq })
    const end = await this.#sendFromLog(knownSeq)
    if (end.kind !== 'sent') return this.#replayEnded(end)
    this.#send({ tag: 'replayDone', headSeq: end.headSeq })
    this.#phase = 'open'
    this.#releaseHeldBack(end.headSeq)
  }

  /** What the log holds past `knownSeq`, read and sent part by part at the pace this socket takes it (replaySender.ts). */
  #sendFromLog(knownSeq: number): Promise<ReplayEnd> {
    const { log, limits } = this.context
    return sendReplay(
      {
        log,
        limits,
        boardId: this.#boardId!,
        socket: this.socket,
        account: this.#reading,
        isClosed: () => this.#isClosed(),
        holds: (seq) => this.#entries.holds(seq),
      },
      knownSeq,
    )
  }

  /** A replay or catch-up that did not get through: the socket closes with the code that says why. */
  async #replayEnded(end: Exclude<ReplayEnd, { kind: 'sent' }>): Promise<void> {
    if (end.kind === 'boardGone') return this.#closeGoneBoard()
    if (end.kind === 'stalled') {
      const detail = `slow consumer: took nothing of its replay for ${this.context.limits.readerStallMs} ms`
      return this.close(CloseCode.overloaded, 'slow consumer', detail)
    }
    if (end.kind === 'changed') {
      // Deleted or moved is final; a snapshot replaced or let go meanwhile is mended by reading afresh.
      const board = await this.context.log.getBoard(this.#boardId!).catch(() => null)
      if (board?.deleted === true) return this.#closeRetired(board.moved ? 'moved' : 'deleted')
      return this.close(CloseCode.replayInterrupted, 'the board changed during its replay', 'replay interrupted: a part it was sending went from the log')
    }
    // 'closed': the socket went meanwhile, and #leave has given back all it held.
  }

  /**
   * A live event that arrived during a replay waits for it, its bytes counted:
   * a socket whose replay goes too slowly for the board's traffic is a slow
   * consumer, not a reason to hold the board's traffic for it without bound.
   */
  #holdBack(event: RoomEvent): void {
    this.#heldBack!.push(event)
    if (event.type !== 'frames') return
    this.#heldBackBytes += event.frames.reduce((sum, frame) => sum + frame.byteLength, 0)
    if (this.#heldBackBytes > this.context.limits.slowConsumerBytes) {
      this.close(CloseCode.overloaded, 'slow consumer', `slow consumer: ${this.#heldBackBytes} bytes held back behind its replay`)
    }
  }

  /** The socket holds every entry up to `headSeq`: what waited behind the replay goes out now, duplicates dropped. */
  #releaseHeldBack(headSeq: number): void {
    for (const frames of this.#entries.advanceTo(headSeq)) this.#sendFrames(frames)
    const heldBack = this.#heldBack ?? []
    this.#heldBack = null
    this.#heldBackBytes = 0
    for (const event of heldBack) this.deliver(event)
  }

  #fetchGapSoon(): void {
    if (this.#gapTimer !== null) return
    this.#gapTimer = setTimeout(() => {
      this.#gapTimer = null
      if (this.#entries.hasGap) void this.#catchUp()
    }, GAP_WAIT_MS)
  }

  /**
   * A small replay while open: reads what the log holds past this socket's
   * entries and sends it, holding live events back meanwhile as the first
   * replay does, so nothing is sent twice or out of order.
   */
  async #catchUp(): Promise<void> {
    if (this.#phase !== 'open' || this.#catchingUp) return
    this.#catchingUp = true
    this.#heldBack = []
    try {
      // The socket's own entries waiting behind the gap are left out: it has them already.
      const end = await this.#sendFromLog(this.#entries.last)
      if (end.kind !== 'sent') return void (await this.#replayEnded(end))
      this.#releaseHeldBack(end.headSeq)
    } catch (error) {
      this.#fail(error)
    } finally {
      this.#catchingUp = false
    }
  }

  readonly #handlers: Handlers = {
    hello: () => {
      throw new ProtocolError(CloseCode.protocolError, 'hello sent twice')
    },
    ping: ({ pingId }) => this.#send({ tag: 'pong', pingId, serverTime: this.context.now() }),
    pushUpdate: async ({ ref, sealed }) => {
      const boardId = this.#boardId!
      const { limits, batcher, fanout } = this.context
      const stored = await fromStorage(() => this.context.log.tailSize(boardId))
      // Gone (or restarting) while the tail was measured: nothing was accepted yet, so the client will resend it.
      if (this.#isClosed() || this.context.isClosing()) return
      const pending = batcher.pendingTail(boardId)
      if (stored.updates + pending.updates >= limits.maxTailUpdates || stored.bytes + pending.bytes >= limits.maxTailBytes) {
        return this.#send({ tag: 'reject', ref, reason: RejectReason.logFull })
      }
      batcher.enqueue({
        item: { kind: 'update', boardId, sealed },
        // Fanned out even if this socket has closed meanwhile: the update is durable, so others must see it.
        stored: (seq) => {
          const frame = encodeServerFrame({ tag: 'entry', seq, sealed })
          fanout.publish(boardId, { type: 'frames', frames: [frame], entrySeq: seq }, this)
          this.#acknowledge(ref, seq)
        },
        // A full board or server: the client keeps the change and sends it again later (never a close, never final).
        refused: (reason) => this.#send({ tag: 'reject', ref, reason }),
        boardGone: () => void this.#closeGoneBoard(),
        // The batcher logs the failure once for the whole batch.
        failed: () => this.close(CloseCode.storageUnavailable, 'storage unavailable'),
      })
    },
    beginSnapshot: (frame) => {
      if (this.#upload !== null) throw new ProtocolError(CloseCode.protocolError, 'a snapshot began before the last one ended')
      const { staging, limits } = this.context
      this.#upload = new SnapshotUpload(frame, staging, { address: this.address, boardId: this.#boardId! }, {
        stallMs: limits.uploadStallMs,
        // Its bytes are already given back; the client posts the snapshot again after reconnecting.
        stalled: () => this.close(CloseCode.overloaded, 'snapshot upload stalled', `snapshot upload stalled: no part for ${limits.uploadStallMs} ms`),
      })
    },
    snapshotPart: (frame) => {
      const upload = this.#upload
      if (upload === null) throw new ProtocolError(CloseCode.protocolError, 'a snapshot part without beginSnapshot')
      upload.add(frame)
      if (!upload.complete) return
      this.#upload = null
      this.#storeSnapshot(upload)
    },
    pushAwareness: ({ sealed }) => this.#fanOutPresence(sealed),
    pushAwarenessTo: ({ peerId, sealed }) => this.#fanOutPresence(sealed, peerId),
  }

  /** Presence is fanned out, never stored: to the whole board, or to one newcomer. */
  #fanOutPresence(sealed: Uint8Array, to?: number): void {
    const frame = encodeServerFrame({ tag: 'awareness', peerId: this.#peerId!, sealed })
    this.context.fanout.publish(this.#boardId!, { type: 'frames', frames: [frame], entrySeq: null, to }, this)
  }

  /**
   * A snapshot joins the same commit queue as updates, so seqs and acks stay
   * in order. Others are told it was stored: with its content when it carries
   * changes no update holds, else with a short notice to reset their counters.
   */
  #storeSnapshot(upload: SnapshotUpload): void {
    if (this.context.isClosing()) return upload.release()
    const boardId = this.#boardId!
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
        fanout.publish(boardId, { type: 'frames', frames, entrySeq: seq }, this)
        this.#acknowledge(ref, seq)
      },
      refused: (reason) => {
        upload.release()
        this.#send({ tag: 'reject', ref, reason })
      },
      boardGone: settle(() => void this.#closeGoneBoard()),
      failed: settle(() => this.close(CloseCode.storageUnavailable, 'storage unavailable')),
    })
  }

  /** The entry is the socket's own: acked, and counted as held, so what waited behind it goes out. */
  #acknowledge(ref: number, seq: number): void {
    this.#send({ tag: 'ack', ref, seq })
    // An entry with nothing to send: it takes its place in the order, held back like any other during a catch-up.
    this.deliver({ type: 'frames', frames: [], entrySeq: seq })
  }

  /** The board went while this socket was on it (a replay or an append found it gone): says why, deleted or moved. */
  async #closeGoneBoard(): Promise<void> {
    const board = await this.context.log.getBoard(this.#boardId!).catch(() => null)
    this.#closeRetired(board?.deleted === true && board.moved ? 'moved' : 'deleted')
  }

  #closeRetired(reason: Retirement): void {
    if (reason === 'moved') this.close(CloseCode.boardMoved, 'board moved')
    else this.close(CloseCode.boardGone, 'board deleted')
  }

  /** A method, not a field read, so TypeScript does not assume the phase is unchanged across an await. */
  #isClosed(): boolean {
    return this.#phase === 'closed'
  }

  #send(frame: ServerFrame): void {
    if (this.#phase !== 'closed') this.socket.send(encodeServerFrame(frame))
  }

  #sendFrames(frames: readonly Uint8Array[]): void {
    // A reader that does not read would make the server buffer without bound; it reconnects and resumes instead.
    if (this.socket.bufferedAmount > this.context.limits.slowConsumerBytes) {
      return this.close(CloseCode.overloaded, 'slow consumer', `slow consumer: ${this.socket.bufferedAmount} bytes unsent`)
    }
    for (const frame of frames) this.socket.send(frame)
  }

  /** The one catch: every error of this socket ends here. */
  #fail(error: unknown): void {
    if (error instanceof ProtocolError) return this.close(error.closeCode, error.message, error.message)
    if (error instanceof StorageUnavailableError) {
      return this.close(CloseCode.storageUnavailable, 'storage unavailable', error.message)
    }
    const detail = error instanceof Error ? error.message : String(error)
    this.close(INTERNAL_ERROR, 'internal error', `unexpected error: ${detail}`)
  }

  /** Leaves the room and forgets this socket; peers learn it left. Safe to call twice. */
  #leave(): void {
    if (this.#phase === 'closed') return
    const wasInRoom = this.#authenticated
    this.#phase = 'closed'
    clearTimeout(this.#helloTimer)
    this.#throttle.stop()
    this.#upload?.release()
    this.#upload = null
    this.#inbox.length = 0
    this.#heldBack = null
    this.#reading.close()
    if (this.#gapTimer !== null) clearTimeout(this.#gapTimer)
    this.context.forget(this)
    this.context.admission.left(this.address, wasInRoom, this.#seatOn, this.#throttle.budgets)
    if (wasInRoom && this.#boardId !== null && this.#peerId !== null) {
      const { fanout } = this.context
      fanout.leave(this.#boardId, this)
      fanout.publish(this.#boardId, { type: 'peerLeft', peerId: this.#peerId })
    }
  }
}
