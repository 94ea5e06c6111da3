/**
 * The encrypting transport: what y-websocket's WebsocketProvider is given as
 * its `WebSocketPolyfill`. Toward the provider it behaves like a y-websocket
 * server: it answers SyncStep1 from the replayed log and sends SyncStep2, so
 * the provider reports synced. Toward our server it speaks the encrypted log
 * protocol of shared/frames.ts and sends nothing it has not sealed.
 *
 * One instance per connection attempt; the provider makes a new one on every
 * reconnect. A connection opens (toward the provider) only once the server
 * has replayed the board's log, so the provider's first SyncStep1 can be
 * answered with everything the server holds, and the provider's answer to
 * our SyncStep1 is exactly what the log lacks — edits made offline included.
 */
import * as Y from 'yjs'
import { encodeAwarenessUpdate, removeAwarenessStates, type Awareness } from 'y-protocols/awareness'
import { FrameAuthError, openPayload, sealPayload, type BoardKeys } from '../../shared/crypto.ts'
import { decodeServerFrame, encodeClientFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import {
  CloseCode,
  EntryKind,
  isFinalClose,
  Limits,
  PROTOCOL_VERSION,
  ProtocolError,
  RejectReason,
} from '../../shared/protocol.ts'
import { isEmptyUpdate, LogMirror } from './logMirror.ts'
import {
  awarenessClientIds,
  awarenessMessage,
  keepAliveMessage,
  readProviderMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from './providerMessages.ts'
import { localNow, type ServerClock } from './serverClock.ts'
import type { SyncTracker } from './syncTracker.ts'

/** The part of the WebSocket API this transport uses: the browser's and `ws` both fit. */
export type SocketLike = {
  binaryType: string
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
  send(data: Uint8Array): void
  close(code?: number, reason?: string): void
}
export type SocketConstructor = new (url: string) => SocketLike

export type TransportContext = {
  boardId: string
  keys: Promise<BoardKeys>
  WebSocketImpl: SocketConstructor
  tracker: SyncTracker
  clock: ServerClock
  awareness: Awareness
  warn?: (line: string) => void
}

type PendingPush =
  | { kind: 'update'; update: Uint8Array; sealedBytes: number; parkedForSnapshot: boolean }
  | { kind: 'snapshot'; coversSeq: number }

/** Pings at connect to estimate the clock quickly, then one now and then to follow drift. */
const FIRST_PINGS = 5
const FIRST_PING_SPACING_MS = 150
const PING_INTERVAL_MS = 15_000
/** The server's periodic clock frames carry ping id 0: no ping of ours has it. */
const UNASKED_PONG = 0

const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

/** Makes the class the provider instantiates for every connection to one board. */
export function encryptingTransportFor(context: TransportContext) {
  return class BoardTransport extends EncryptingTransport {
    constructor(url: string) {
      super(url, context)
    }
  }
}

export class EncryptingTransport {
  static readonly CONNECTING = CONNECTING
  static readonly OPEN = OPEN
  static readonly CLOSING = CLOSING
  static readonly CLOSED = CLOSED
  readonly CONNECTING = CONNECTING
  readonly OPEN = OPEN
  readonly CLOSING = CLOSING
  readonly CLOSED = CLOSED

  binaryType = 'arraybuffer'
  readyState: number = CONNECTING
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  readonly #context: TransportContext
  readonly #socket: SocketLike
  readonly #mirror = new LogMirror()
  readonly #pending = new Map<number, PendingPush>()
  readonly #pingsSent = new Map<number, number>()
  readonly #clientIdsByPeer = new Map<number, Set<number>>()
  #keys: BoardKeys | null = null
  #unsent: Uint8Array[] = []
  #inbound: Promise<void> = Promise.resolve()
  #outbound: Promise<void> = Promise.resolve()
  #caughtUp = false
  #snapshotInFlight = false
  #nextRef = 1
  #nextPingId = 1
  #pingTimer: ReturnType<typeof setTimeout> | null = null

  constructor(url: string, context: TransportContext) {
    this.#context = context
    this.#socket = new context.WebSocketImpl(url)
    this.#socket.binaryType = 'arraybuffer'
    this.#socket.onopen = () => this.#inOrder(() => this.#sayHello())
    this.#socket.onmessage = (event) => this.#inOrder(() => this.#receive(event.data))
    this.#socket.onclose = (event) => this.#ended(event.code, event.reason)
    this.#socket.onerror = (event) => this.onerror?.(event)
  }

  /** Called by the provider with its own protocol's messages. */
  send(data: ArrayBuffer | Uint8Array): void {
    if (this.readyState !== OPEN) return
    const message = readProviderMessage(data instanceof Uint8Array ? data : new Uint8Array(data))
    switch (message.kind) {
      case 'syncStep1':
        // Answered in order with server frames, as a real server would.
        this.#inOrder(() => this.#deliver(syncStep2Message(this.#mirror.missingFrom(message.stateVector))))
        return
      case 'syncStep2':
        // The provider's answer to our SyncStep1: what the log lacks.
        if (!isEmptyUpdate(message.update)) this.#pushUpdate(message.update)
        this.#caughtUp = true
        this.#reportPending()
        this.#context.tracker.caughtUp()
        this.#snapshotIfDue()
        return
      case 'update':
        this.#pushUpdate(message.update)
        return
      case 'awareness':
        this.#sealAndSend('awareness', message.update, (sealed) => ({ tag: 'pushAwareness', sealed }))
        return
      case 'other':
        return
    }
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === CLOSED || this.readyState === CLOSING) return
    this.readyState = CLOSING
    this.#socket.close(code, reason)
  }

  /** Server frames and provider answers are handled strictly one after another. */
  #inOrder(step: () => unknown): void {
    this.#inbound = this.#inbound
      .then(async () => {
        await step()
      })
      .catch((error) => this.#failed(error))
  }

  async #sayHello(): Promise<void> {
    this.#keys = await this.#context.keys
    const { boardId } = this.#context
    this.#socket.send(
      encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId, accessToken: this.#keys.accessToken }),
    )
  }

  async #receive(data: unknown): Promise<void> {
    if (this.readyState === CLOSED) return
    if (!(data instanceof ArrayBuffer)) throw new ProtocolError(CloseCode.protocolError, 'text frame from server')
    const frame = decodeServerFrame(new Uint8Array(data))
    await this.#handlers[frame.tag](frame as never)
  }

  readonly #handlers: { [T in ServerFrame['tag']]: (frame: Extract<ServerFrame, { tag: T }>) => unknown } = {
    welcome: (frame) => {
      this.#context.clock.addUnpairedTime(frame.serverTime, localNow())
      this.#schedulePings(FIRST_PINGS)
    },
    entry: async (frame) => {
      const isSnapshot = frame.kind === EntryKind.snapshot
      let update: Uint8Array
      try {
        update = await this.#open(isSnapshot ? 'snapshot' : 'update', frame.sealed)
      } catch (error) {
        if (!(error instanceof FrameAuthError)) throw error
        this.#warn(`entry ${frame.seq} failed authentication and was not applied`)
        this.#mirror.markUnreadable(frame.seq)
        return
      }
      if (isSnapshot) this.#mirror.applySnapshot(frame.seq, update)
      else this.#mirror.applyEntry(frame.seq, update, frame.sealed.length)
      if (this.readyState === OPEN) {
        this.#deliver(updateMessage(update))
        this.#snapshotIfDue()
      }
    },
    replayDone: () => {
      this.readyState = OPEN
      this.onopen?.({})
      this.#deliver(syncStep1Message(this.#mirror.stateVector()))
    },
    ack: (frame) => {
      const push = this.#pending.get(frame.ref)
      if (push === undefined) return
      this.#pending.delete(frame.ref)
      if (push.kind === 'update') this.#mirror.acknowledge(frame.seq, push.sealedBytes)
      else this.#snapshotStored(frame.ref, push.coversSeq)
      this.#reportPending()
      this.#snapshotIfDue()
    },
    reject: (frame) => {
      const push = this.#pending.get(frame.ref)
      if (push === undefined) return
      if (frame.reason === RejectReason.logFull && push.kind === 'update') {
        // The next snapshot carries this change (the mirror already holds it).
        push.parkedForSnapshot = true
        this.#snapshotIfDue(true)
      } else if (push.kind === 'snapshot') {
        this.#pending.delete(frame.ref)
        this.#snapshotInFlight = false
        this.#resendParked()
      }
      this.#reportPending()
    },
    awareness: async (frame) => {
      let update: Uint8Array
      try {
        update = await this.#open('awareness', frame.sealed)
      } catch (error) {
        if (error instanceof FrameAuthError) return this.#warn('an awareness frame failed authentication')
        throw error
      }
      const known = this.#clientIdsByPeer.get(frame.peerId)
      const ids = known ?? new Set()
      for (const id of awarenessClientIds(update)) ids.add(id)
      this.#clientIdsByPeer.set(frame.peerId, ids)
      this.#deliver(awarenessMessage(update))
      // The relay keeps no presence: someone who just arrived learns we are here from us.
      if (!known) this.#announcePresence()
    },
    peerLeft: (frame) => {
      const ids = this.#clientIdsByPeer.get(frame.peerId)
      this.#clientIdsByPeer.delete(frame.peerId)
      const { awareness } = this.#context
      if (ids) removeAwarenessStates(awareness, [...ids].filter((id) => id !== awareness.clientID), 'peer left')
    },
    pong: (frame) => {
      const sentAt = this.#pingsSent.get(frame.pingId)
      if (sentAt !== undefined) {
        this.#pingsSent.delete(frame.pingId)
        this.#context.clock.addSample(sentAt, frame.serverTime, localNow())
      } else if (frame.pingId === UNASKED_PONG && this.#context.clock.addUnpairedTime(frame.serverTime, localNow())) {
        // A clock stepped: estimate afresh now rather than at the next routine ping.
        this.#restartPings()
      }
      this.#deliver(keepAliveMessage())
    },
  }

  /**
   * Changes made in one turn of the event loop (a paste, a burst of
   * keystrokes, a card with its fields) leave as one frame, which keeps a
   * busy board far below the server's per-socket rate limit.
   */
  #pushUpdate(update: Uint8Array): void {
    this.#mirror.applyOwn(update)
    this.#unsent.push(update)
    if (this.#unsent.length > 1) return
    this.#reportPending()
    queueMicrotask(() => {
      const updates = this.#unsent
      this.#unsent = []
      this.#pushMerged(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates))
    })
  }

  #pushMerged(update: Uint8Array): void {
    const ref = this.#nextRef++
    const push: PendingPush = { kind: 'update', update, sealedBytes: 0, parkedForSnapshot: false }
    this.#pending.set(ref, push)
    this.#reportPending()
    this.#sealAndSend('update', update, (sealed) => {
      push.sealedBytes = sealed.length
      return { tag: 'pushUpdate', ref, sealed }
    })
  }

  /** Posts a snapshot once the tail is long, or at once when the server's log is full. */
  #snapshotIfDue(logFull = false): void {
    if (!this.#caughtUp || this.#snapshotInFlight) return
    if (!logFull && !this.#mirror.snapshotDue()) return
    const coversSeq = this.#mirror.coverableSeq
    const state = this.#mirror.encodeState()
    if (state.length > Limits.maxSnapshotBytes - 64) return this.#warn('the board is too large to snapshot')
    const ref = this.#nextRef++
    this.#snapshotInFlight = true
    this.#pending.set(ref, { kind: 'snapshot', coversSeq })
    this.#sealAndSend('snapshot', state, (sealed) => ({ tag: 'pushSnapshot', ref, coversSeq, sealed }))
  }

  #snapshotStored(ref: number, coversSeq: number): void {
    this.#snapshotInFlight = false
    this.#mirror.snapshotStored(coversSeq)
    // Changes parked before this snapshot was taken are inside it, so they are durable now.
    for (const [parkedRef, push] of this.#pending) {
      if (parkedRef < ref && push.kind === 'update' && push.parkedForSnapshot) this.#pending.delete(parkedRef)
    }
  }

  /** Another client's snapshot won the race: send parked changes again as plain updates. */
  #resendParked(): void {
    for (const [ref, push] of [...this.#pending]) {
      if (push.kind !== 'update' || !push.parkedForSnapshot) continue
      this.#pending.delete(ref)
      this.#pushMerged(push.update)
    }
  }

  /** Seals on a queue of its own, so frames leave in the order they were made. */
  #sealAndSend(kind: 'update' | 'snapshot' | 'awareness', plaintext: Uint8Array, toFrame: (sealed: Uint8Array) => ClientFrame): void {
    this.#outbound = this.#outbound
      .then(async () => {
        const keys = this.#keys ?? (await this.#context.keys)
        const sealed = await sealPayload(keys.encryptionKey, this.#context.boardId, kind, plaintext)
        if (this.readyState === OPEN) this.#socket.send(encodeClientFrame(toFrame(sealed)))
      })
      .catch((error) => this.#failed(error))
  }

  async #open(kind: 'update' | 'snapshot' | 'awareness', sealed: Uint8Array): Promise<Uint8Array> {
    const keys = this.#keys ?? (await this.#context.keys)
    return openPayload(keys.encryptionKey, this.#context.boardId, kind, sealed)
  }

  #deliver(message: Uint8Array): void {
    if (this.readyState !== OPEN) return
    this.onmessage?.({ data: message.slice().buffer })
  }

  #reportPending(): void {
    if (this.#caughtUp) this.#context.tracker.setPending(this.#pending.size + this.#unsent.length)
  }

  #announcePresence(): void {
    const { awareness } = this.#context
    if (awareness.getLocalState() === null) return
    const update = encodeAwarenessUpdate(awareness, [awareness.clientID])
    this.#sealAndSend('awareness', update, (sealed) => ({ tag: 'pushAwareness', sealed }))
  }

  #restartPings(): void {
    if (this.#pingTimer !== null) clearTimeout(this.#pingTimer)
    this.#schedulePings(FIRST_PINGS)
  }

  #schedulePings(burst: number): void {
    const delay = burst > 0 ? FIRST_PING_SPACING_MS : PING_INTERVAL_MS
    this.#sendPing()
    this.#pingTimer = setTimeout(() => this.#schedulePings(Math.max(0, burst - 1)), delay)
  }

  #sendPing(): void {
    const pingId = this.#nextPingId++
    this.#pingsSent.set(pingId, localNow())
    this.#socket.send(encodeClientFrame({ tag: 'ping', pingId }))
  }

  #warn(line: string): void {
    ;(this.#context.warn ?? console.warn)(`common-ground sync: ${line}`)
  }

  /** One catch for this connection: a server that speaks nonsense is left, not trusted. */
  #failed(error: unknown): void {
    if (this.readyState === CLOSED) return
    const final = error instanceof ProtocolError
    const code = final ? CloseCode.protocolError : 4500
    this.#warn(`closing the connection: ${(error as Error).message}`)
    this.#socket.close(code, final ? 'protocol error' : 'client error')
    this.#ended(code, (error as Error).message)
  }

  #ended(code: number, reason: string): void {
    if (this.readyState === CLOSED) return
    this.readyState = CLOSED
    if (this.#pingTimer !== null) clearTimeout(this.#pingTimer)
    if (isFinalClose(code)) this.#context.tracker.closedForGood(code)
    else this.#context.tracker.connectionLost()
    this.onclose?.({ code, reason, wasClean: code === 1000 })
  }
}
