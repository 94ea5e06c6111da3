/**
 * One socket's life, as a state machine:
 *
 *   awaitingHello ─hello─▶ authenticating ─ok─▶ replaying ─replayDone─▶ open ─▶ closed
 *
 * Client frames are handled strictly one after another (inbox.ts). Until
 * the hello is checked nothing larger than a hello is read; once it is, the
 * socket becomes a member of its board (boardMember.ts), which is sent the
 * board and does what its frames ask. Every error ends in #fail: the one
 * catch at the socket boundary, which closes this socket with a named code
 * and logs one line, and touches nothing else.
 */
import { decodeClientFrame, encodeServerFrame, type ClientFrame } from '../../shared/frames.ts'
import { CloseCode, INTERNAL_ERROR, Limits, ProtocolError } from '../../shared/protocol.ts'
import { BoardMember, type MemberSocket } from './boardMember.ts'
import { BoardRetiredError, retiredFrame } from './boardGone.ts'
import { shortCloseReason } from './closeReason.ts'
import { documentBytes, presenceBytes } from './entryFrames.ts'
import { authenticate, readHello } from './hello.ts'
import { Inbox } from './inbox.ts'
import type { RelayContext, RelayedSocket } from './relayContext.ts'
import type { RelaySocket, SocketEvents } from './socket.ts'
import { StorageUnavailableError } from './storageUnavailable.ts'
import { Throttle } from './throttle.ts'

type Phase = 'awaitingHello' | 'authenticating' | 'replaying' | 'open' | 'closed'

/** What a member's frames do (pings are answered by the connection itself). */
type MemberHandlers = {
  [T in Exclude<ClientFrame['tag'], 'ping'>]: (frame: Extract<ClientFrame, { tag: T }>, member: BoardMember) => Promise<void> | void
}

const memberHandlers: MemberHandlers = {
  hello: () => {
    throw new ProtocolError(CloseCode.protocolError, 'hello sent twice')
  },
  pushUpdate: (frame, member) => member.writes.pushUpdate(frame),
  beginSnapshot: (frame, member) => member.writes.beginSnapshot(frame),
  snapshotPart: (frame, member) => member.writes.snapshotPart(frame),
  pushAwareness: ({ sealed }, member) => member.tellPresence(sealed),
  pushAwarenessTo: ({ peerId, sealed }, member) => member.tellPresence(sealed, peerId),
}

export class Connection implements SocketEvents, RelayedSocket {
  #phase: Phase = 'awaitingHello'
  #boardId: string | null = null
  #seatOn: string | null = null
  /** Set once the hello is checked. */
  #member: BoardMember | null = null
  readonly #inbox: Inbox
  readonly #throttle: Throttle
  readonly #helloTimer: NodeJS.Timeout

  constructor(
    private readonly socket: RelaySocket,
    private readonly context: RelayContext,
    private readonly address: string,
  ) {
    const { limits } = context
    this.#inbox = new Inbox(
      limits.maxFramesBeforeHello,
      (frame) => this.#handle(frame),
      (error) => this.#fail(error),
    )
    this.#throttle = new Throttle(socket, context.admission.socketBudgets(address))
    // Until the hello is checked nothing larger than a hello is even buffered.
    socket.limitFrameBytes(Limits.maxHelloBytes)
    // 45xx, not final: a phone frozen right after connecting is not a broken client.
    this.#helloTimer = setTimeout(
      () => this.#fail(new ProtocolError(CloseCode.helloTimeout, `no hello within ${limits.helloTimeoutMs} ms`)),
      limits.helloTimeoutMs,
    )
  }

  get isOpen(): boolean {
    return this.#phase === 'open'
  }

  get boardId(): string | null {
    return this.#boardId
  }

  message(bytes: Uint8Array, isBinary: boolean): void {
    // During a graceful restart new frames are dropped unanswered: the client resends whatever was not acked.
    if (this.#phase === 'closed' || this.context.isClosing()) return
    const member = this.#member
    try {
      if (!isBinary) throw new ProtocolError(CloseCode.protocolError, 'text frames are not part of the protocol')
      const frame = decodeClientFrame(bytes, member === null ? Limits.maxHelloBytes : undefined)
      this.#throttle.charge(documentBytes(frame), presenceBytes(frame))
      // Clock pings skip the queue: a ping answered late would skew the client's clock estimate.
      if (frame.tag === 'ping' && member !== null) return this.#answerPing(frame.pingId)
      this.#inbox.push(frame, member !== null)
    } catch (error) {
      this.#fail(error)
    }
  }

  closed(): void {
    this.#leave()
  }

  catchUpTo(headSeq: number): void {
    this.#member?.catchUpTo(headSeq)
  }

  tellTime(frame: Uint8Array): void {
    if (this.#phase === 'open') this.socket.send(frame)
  }

  /** Closes this socket; `logDetail` set means the close is worth one log line. */
  close(code: number, reason: string, logDetail?: string): void {
    if (this.#phase === 'closed') return
    this.#leave()
    this.socket.close(code, shortCloseReason(reason))
    if (logDetail !== undefined) {
      this.context.logLine(`relay: board=${this.#boardId ?? '-'} peer=${this.#member?.peerId ?? '-'} closed ${code}: ${logDetail}`)
    }
  }

  #handle(frame: ClientFrame): Promise<void> | void {
    const member = this.#member
    if (member === null) return this.#hello(frame)
    // A ping sent before the hello was checked waited in the inbox with the hello.
    if (frame.tag === 'ping') return this.#answerPing(frame.pingId)
    return (memberHandlers[frame.tag] as (frame: ClientFrame, member: BoardMember) => Promise<void> | void)(frame, member)
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

  async #replay(boardId: string, knownSeq: number): Promise<void> {
    const member = (this.#member = new BoardMember(boardId, this.context.nextPeerId(), this.#asMemberSocket(), this.context))
    this.#phase = 'replaying'
    this.context.admission.authenticated(this.address)
    // Room to spare over the limit, so an oversized frame reaches the decoder and gets its named 4413.
    this.socket.limitFrameBytes(2 * Limits.maxFrameBytes)
    const headSeq = await member.replay(knownSeq)
    if (headSeq === null) return
    this.#phase = 'open'
    member.opened(headSeq)
  }

  #asMemberSocket(): MemberSocket {
    return {
      socket: this.socket,
      address: this.address,
      isOpen: () => this.isOpen,
      isClosed: () => this.#isClosed(),
      close: (code, reason, logDetail) => this.close(code, reason, logDetail),
      fail: (error) => this.#fail(error),
    }
  }

  #answerPing(pingId: number): void {
    if (!this.#isClosed()) this.socket.send(encodeServerFrame({ tag: 'pong', pingId, serverTime: this.context.now() }))
  }

  /** A method, not a field read, so TypeScript does not assume the phase is unchanged across an await. */
  #isClosed(): boolean {
    return this.#phase === 'closed'
  }

  /** The one catch: every error of this socket ends here. */
  #fail(error: unknown): void {
    // A device arriving at a retired board is told who retired it before the socket closes.
    if (error instanceof BoardRetiredError && !this.#isClosed()) this.socket.send(retiredFrame(error.retired))
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
    const wasInRoom = this.#member !== null
    this.#phase = 'closed'
    clearTimeout(this.#helloTimer)
    this.#throttle.stop()
    this.#inbox.close()
    this.context.forget(this)
    this.context.admission.left(this.address, wasInRoom, this.#seatOn, this.#throttle.budgets)
    this.#member?.leave()
  }
}
