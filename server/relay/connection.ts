/**
 * One socket's life, as a state machine:
 *
 *   awaitingHello ─hello─▶ authenticating ─ok─▶ replaying ─replayDone─▶ open ─▶ closed
 *
 * Client frames are handled strictly one after another (the inbox), so a
 * socket's pushes reach the log in the order they were sent. Until the
 * hello is checked the inbox may hold only a few frames. Every error ends
 * in #fail: the one catch at the socket boundary, which closes this socket
 * with a named code and logs one line, and touches nothing else.
 */
import { decodeClientFrame, encodeServerFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import {
  BOARD_ID_PATTERN,
  CloseCode,
  EntryKind,
  PROTOCOL_VERSION,
  ProtocolError,
  RejectReason,
} from '../../shared/protocol.ts'
import { accessTokenMatches } from '../accessToken.ts'
import type { Fanout, RoomEvent, RoomMember } from '../fanout/types.ts'
import type { BoardLog } from '../log/types.ts'
import type { AppendBatcher } from './appendBatcher.ts'
import { shortCloseReason } from './closeReason.ts'
import { MAX_FRAMES_BEFORE_AUTHENTICATION, type RelayLimits } from './limits.ts'
import type { RelaySocket, SocketEvents } from './socket.ts'
import { fromStorage, StorageUnavailableError } from './storageUnavailable.ts'
import { TokenBucket } from './tokenBucket.ts'

type Phase = 'awaitingHello' | 'authenticating' | 'replaying' | 'open' | 'closed'

/** What a connection needs from the relay that owns it. */
export type RelayContext = {
  log: BoardLog
  fanout: Fanout
  batcher: AppendBatcher
  limits: RelayLimits
  logLine(line: string): void
  /** The board's clock (server time in ms); injectable so tests can move time. */
  now(): number
  nextPeerId(): number
  forget(connection: Connection): void
}

type Handlers = { [T in ClientFrame['tag']]: (frame: Extract<ClientFrame, { tag: T }>) => Promise<void> | void }

export class Connection implements RoomMember, SocketEvents {
  #phase: Phase = 'awaitingHello'
  #boardId: string | null = null
  #peerId: number | null = null
  readonly #inbox: ClientFrame[] = []
  #draining = false
  /** Room events that arrive while the replay is being sent; delivered after it. */
  #heldBack: RoomEvent[] | null = null
  /** The highest log seq this socket has been sent: a live entry at or below it is a duplicate. */
  #lastEntrySeq = 0
  readonly #bucket: TokenBucket
  readonly #helloTimer: NodeJS.Timeout

  constructor(
    private readonly socket: RelaySocket,
    private readonly context: RelayContext,
  ) {
    const { limits } = context
    this.#bucket = new TokenBucket(limits.framesPerSecond, limits.frameBurst)
    this.#helloTimer = setTimeout(
      () => this.#fail(new ProtocolError(CloseCode.helloTimeout, `no hello within ${limits.helloTimeoutMs} ms`)),
      limits.helloTimeoutMs,
    )
  }

  get isOpen(): boolean {
    return this.#phase === 'open'
  }

  get #authenticated(): boolean {
    return this.#phase === 'replaying' || this.#phase === 'open'
  }

  message(bytes: Uint8Array, isBinary: boolean): void {
    if (this.#phase === 'closed') return
    try {
      if (!isBinary) throw new ProtocolError(CloseCode.protocolError, 'text frames are not part of the protocol')
      if (!this.#bucket.take()) throw new ProtocolError(CloseCode.rateLimited, 'rate limited')
      const frame = decodeClientFrame(bytes)
      // Clock pings skip the queue: a ping answered late would skew the client's clock estimate.
      if (frame.tag === 'ping' && this.#authenticated) return this.#send({ tag: 'pong', pingId: frame.pingId, serverTime: this.context.now() })
      if (!this.#authenticated && this.#inbox.length >= MAX_FRAMES_BEFORE_AUTHENTICATION) {
        throw new ProtocolError(CloseCode.protocolError, 'too many frames before authentication')
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
    if (event.type === 'boardDeleted') return this.close(CloseCode.boardGone, 'board deleted')
    if (this.#heldBack !== null) {
      this.#heldBack.push(event)
      return
    }
    if (event.entrySeq !== null) {
      if (event.entrySeq <= this.#lastEntrySeq) return
      this.#lastEntrySeq = event.entrySeq
    }
    this.socket.send(event.frame)
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
    if (frame.tag !== 'hello') throw new ProtocolError(CloseCode.protocolError, 'expected hello')
    this.#phase = 'authenticating'
    if (frame.version !== PROTOCOL_VERSION) {
      throw new ProtocolError(CloseCode.versionMismatch, `protocol version ${frame.version} is not ${PROTOCOL_VERSION}`)
    }
    if (!BOARD_ID_PATTERN.test(frame.boardId)) throw new ProtocolError(CloseCode.protocolError, 'malformed board id')
    const boardId = (this.#boardId = frame.boardId)
    const board = await fromStorage(() => this.context.log.getBoard(boardId))
    if (board === null) throw new ProtocolError(CloseCode.boardNotFound, 'board not found')
    if (board.deleted) throw new ProtocolError(CloseCode.boardGone, 'board deleted')
    if (!(await accessTokenMatches(frame.accessToken, board.tokenHash))) {
      throw new ProtocolError(CloseCode.unauthorized, 'wrong access token')
    }
    // The socket may have closed while the hash was computed.
    if (this.#isClosed()) return
    await this.#replay(boardId)
  }

  /**
   * Joins the room BEFORE reading the log, holding back live events until
   * the replay is sent: an entry committed meanwhile is then either in the
   * replay or held back (and dropped if the replay had it), never missed.
   */
  async #replay(boardId: string): Promise<void> {
    const peerId = (this.#peerId = this.context.nextPeerId())
    this.#phase = 'replaying'
    this.#heldBack = []
    this.context.fanout.join(boardId, this)
    this.#send({ tag: 'welcome', version: PROTOCOL_VERSION, serverTime: this.context.now(), peerId })
    const replay = await fromStorage(() => this.context.log.readReplay(boardId))
    if (this.#isClosed()) return
    if (replay === null) throw new ProtocolError(CloseCode.boardGone, 'board deleted')
    if (replay.snapshot) {
      const { coversSeq, sealed } = replay.snapshot
      this.#send({ tag: 'entry', kind: EntryKind.snapshot, seq: coversSeq, sealed })
    }
    for (const { seq, sealed } of replay.updates) this.#send({ tag: 'entry', kind: EntryKind.update, seq, sealed })
    this.#send({ tag: 'replayDone', headSeq: replay.headSeq })
    this.#lastEntrySeq = replay.headSeq
    this.#phase = 'open'
    const heldBack = this.#heldBack
    this.#heldBack = null
    for (const event of heldBack) this.deliver(event)
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
      // Gone while the tail was measured: nothing was accepted yet, so the client will resend it.
      if (this.#isClosed()) return
      const pending = batcher.pendingTail(boardId)
      if (stored.updates + pending.updates >= limits.maxTailUpdates || stored.bytes + pending.bytes >= limits.maxTailBytes) {
        return this.#send({ tag: 'reject', ref, reason: RejectReason.logFull })
      }
      batcher.enqueue({
        boardId,
        sealed,
        // Fanned out even if this socket has closed meanwhile: the update is durable, so others must see it.
        durable: (seq) => {
          const frame = encodeServerFrame({ tag: 'entry', kind: EntryKind.update, seq, sealed })
          fanout.publish(boardId, { type: 'frame', frame, entrySeq: seq }, this)
          this.#send({ tag: 'ack', ref, seq })
        },
        boardGone: () => this.close(CloseCode.boardGone, 'board deleted'),
        // The batcher logs the failure once for the whole batch.
        failed: () => this.close(CloseCode.storageUnavailable, 'storage unavailable'),
      })
    },
    pushSnapshot: async ({ ref, coversSeq, sealed }) => {
      const result = await fromStorage(() => this.context.log.storeSnapshot(this.#boardId!, coversSeq, sealed))
      if (result === 'board-gone') return this.close(CloseCode.boardGone, 'board deleted')
      if (result === 'out-of-range') return this.#send({ tag: 'reject', ref, reason: RejectReason.snapshotOutOfRange })
      this.#send({ tag: 'ack', ref, seq: coversSeq })
    },
    pushAwareness: ({ sealed }) => {
      const frame = encodeServerFrame({ tag: 'awareness', peerId: this.#peerId!, sealed })
      this.context.fanout.publish(this.#boardId!, { type: 'frame', frame, entrySeq: null }, this)
    },
  }

  /** A method, not a field read, so TypeScript does not assume the phase is unchanged across an await. */
  #isClosed(): boolean {
    return this.#phase === 'closed'
  }

  #send(frame: ServerFrame): void {
    if (this.#phase !== 'closed') this.socket.send(encodeServerFrame(frame))
  }

  /** The one catch: every error of this socket ends here. */
  #fail(error: unknown): void {
    if (error instanceof ProtocolError) return this.close(error.closeCode, error.message, error.message)
    if (error instanceof StorageUnavailableError) {
      return this.close(CloseCode.storageUnavailable, 'storage unavailable', error.message)
    }
    const detail = error instanceof Error ? error.message : String(error)
    this.close(1011, 'internal error', `unexpected error: ${detail}`)
  }

  /** Leaves the room and forgets this socket; peers learn it left. Safe to call twice. */
  #leave(): void {
    if (this.#phase === 'closed') return
    const wasInRoom = this.#authenticated
    this.#phase = 'closed'
    clearTimeout(this.#helloTimer)
    this.#inbox.length = 0
    this.#heldBack = null
    this.context.forget(this)
    if (wasInRoom && this.#boardId !== null && this.#peerId !== null) {
      const { fanout } = this.context
      fanout.leave(this.#boardId, this)
      fanout.publish(this.#boardId, {
        type: 'frame',
        frame: encodeServerFrame({ tag: 'peerLeft', peerId: this.#peerId }),
        entrySeq: null,
      })
    }
  }
}
