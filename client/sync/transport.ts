/**
 * The encrypting transport: what y-websocket's WebsocketProvider is given as
 * its `WebSocketPolyfill`. Toward the provider it behaves like a y-websocket
 * server: it answers SyncStep1 from the log mirror and sends SyncStep2, so
 * the provider reports synced. Toward our server it speaks the encrypted log
 * protocol of shared/frames.ts and sends nothing it has not sealed.
 *
 * One instance per connection attempt; the provider makes a new one on every
 * reconnect, while the log mirror lives on, so a reconnect resumes from the
 * last seq this device holds. A connection opens (toward the provider) only
 * once the server has replayed what is new, so the provider's first
 * SyncStep1 is answered with everything the server holds, and its answer to
 * our SyncStep1 is exactly what the log lacks — edits made offline included.
 *
 * The parts: PushQueue (changes until acked), SnapshotPoster (when and how
 * to snapshot), SnapshotAssembly (incoming parts), OwnPresence (this
 * device's presence only, and its goodbye sealed ahead), PeerPresence (each
 * peer believed about itself alone), ClockPinger, LivenessCheck and
 * SealedOutbox; this file wires them to the two sockets.
 */
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { FrameAuthError, openPayload, type BoardKeys } from '../../shared/crypto.ts'
import { decodeServerFrame, encodeClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { CloseCode, isFinalClose, PROTOCOL_VERSION, ProtocolError, RejectReason, type SealedKind } from '../../shared/protocol.ts'
import { openChange, openSnapshot, type OpenedChange, type OpenedSnapshot } from '../../shared/signedEnvelope.ts'
import type { BoardWitness } from './boardWitness.ts'
import { ClockPinger } from './clockPinger.ts'
import { openRetirementNote } from './retirementNote.ts'
import { retirementOf } from './closeReasons.ts'
import type { HistoryPoints } from './historyPoints.ts'
import { LivenessCheck } from './livenessCheck.ts'
import type { LogMirror } from './logMirror.ts'
import { OwnPresence } from './ownPresence.ts'
import { PeerPresence } from './peerPresence.ts'
import {
  awarenessMessage,
  keepAliveMessage,
  readProviderMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from './providerMessages.ts'
import { PushQueue, type NoRoom } from './pushQueue.ts'
import { SealedOutbox } from './sealedOutbox.ts'
import type { ServerClock } from './serverClock.ts'
import { SnapshotAssembly } from './snapshotAssembly.ts'
import { crossedThreshold, SnapshotPoster } from './snapshotPoster.ts'
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
  /**
   * The server's socket endpoint, the same for every board (wss://host/ws).
   * The provider puts its room name, our board id, at the end of the URL it
   * hands the transport; that URL is not used, so board ids stay out of the
   * request lines proxies log. The hello names the board.
   */
  socketUrl: string
  keys: Promise<BoardKeys>
  WebSocketImpl: SocketConstructor
  tracker: SyncTracker
  clock: ServerClock
  awareness: Awareness
  /** The board's log as this device knows it; shared by every connection attempt of the session. */
  mirror: LogMirror
  /** Settles once the mirror has started from the copy kept on the device (or from nothing): the hello says what it holds. */
  mirrorRestored?: Promise<void>
  /** Requests for a point in the board's history; shared by every connection attempt of the session. */
  historyPoints?: HistoryPoints
  /** Which device sent the change being handed to the provider right now (its signed envelope's); null otherwise. */
  sender?: ChangeSender
  /** Signs this device's changes and checks the others'; without it changes go unsigned and nothing is checked. */
  witness?: BoardWitness
  warn?: (line: string) => void
}

/** Set while a change from another device is applied, so what observes the doc can name who sent it. */
export type ChangeSender = { current: string | null }

/** The reject reasons that mean the server has no room for now (not final: the change is kept and sent again later). */
const NO_ROOM: Partial<Record<RejectReason, NoRoom>> = {
  [RejectReason.boardFull]: 'board-full',
  [RejectReason.storageFull]: 'storage-full',
}

const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

/** Makes the class the provider instantiates for every connection to one board. */
export function encryptingTransportFor(context: TransportContext) {
  return class BoardTransport extends EncryptingTransport {
    constructor(_providerUrl: string) {
      super(context)
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
  readonly #outbox: SealedOutbox
  readonly #pushes: PushQueue
  readonly #snapshots: SnapshotPoster
  readonly #assembly = new SnapshotAssembly()
  readonly #presence: PeerPresence
  readonly #ownPresence: OwnPresence
  readonly #pinger: ClockPinger
  readonly #liveness: LivenessCheck
  #inbound: Promise<void> = Promise.resolve()
  #caughtUp = false
  #nextRef = 1
  /** True while a snapshot posted for a history point is in flight. */
  #historyPosted = false
  /** What the log held as this device knew it, while the server replays it from the start: the replay must hold it too. */
  #heldBeforeReplay: Uint8Array | null = null
  readonly #stopHearingHistoryRequests: () => void

  constructor(context: TransportContext) {
    this.#context = context
    const { boardId, keys, mirror } = context
    const nextRef = () => this.#nextRef++
    const warn = (line: string) => this.#warn(line)
    this.#outbox = new SealedOutbox(
      boardId,
      keys,
      (bytes) => this.#sendIfOpen(bytes),
      (error) => this.#failed(error),
      context.witness,
    )
    this.#pushes = new PushQueue({
      mirror,
      outbox: this.#outbox,
      nextRef,
      changed: () => this.#reportPending(),
      needsSnapshot: () => this.#snapshots.postIfDue(),
    })
    this.#snapshots = new SnapshotPoster({ mirror, outbox: this.#outbox, pushes: this.#pushes, nextRef, warn })
    this.#ownPresence = new OwnPresence({
      awareness: context.awareness,
      outbox: this.#outbox,
      sendNow: (frame) => this.#sendIfOpen(frame),
      skipped: (why) => this.#presenceDropped(1, why),
    })
    this.#presence = new PeerPresence({
      awareness: context.awareness,
      announceTo: (peerId) => this.#ownPresence.announceTo(peerId),
      dropped: (count, why) => this.#presenceDropped(count, why),
    })
    this.#pinger = new ClockPinger(context.clock, (pingId) => this.#socket.send(encodeClientFrame({ tag: 'ping', pingId })))
    this.#liveness = new LivenessCheck(
      () => this.#pinger.pingOnce(),
      () => this.drop('no answer from the server'),
    )
    this.#stopHearingHistoryRequests = context.historyPoints?.onRequest(() => this.#offerHistoryPoint()) ?? (() => {})
    this.#socket = new context.WebSocketImpl(context.socketUrl)
    this.#socket.binaryType = 'arraybuffer'
    this.#socket.onopen = () => {
      this.#liveness.opened()
      this.#inOrder(() => this.#sayHello())
    }
    this.#socket.onmessage = (event) => {
      this.#liveness.heard()
      this.#inOrder(() => this.#receive(event.data))
    }
    this.#socket.onclose = (event) => {
      this.#ended(event.code, event.reason)
      // The note of a retirement comes just before its close and is read in order: once frames before the close are read, it is known.
      if (retirementOf(event.code) !== null) this.#inOrder(() => this.#context.tracker.closeFramesRead())
    }
    this.#socket.onerror = (event) => this.onerror?.(event)
  }

  /** Called by the provider with its own protocol's messages. */
  send(data: ArrayBuffer | Uint8Array): void {
    if (this.readyState !== OPEN) return
    const message = readProviderMessage(data instanceof Uint8Array ? data : new Uint8Array(data))
    switch (message.kind) {
      case 'syncStep1':
        // Answered in order with server frames, as a real server would.
        this.#inOrder(() => this.#deliver(syncStep2Message(this.#context.mirror.missingFrom(message.stateVector))))
        return
      case 'syncStep2':
        // The provider's answer to our SyncStep1: what the log lacks.
        if (!this.#context.mirror.holds(message.update)) this.#pushes.push(message.update)
        this.#caughtUp = true
        this.#context.witness?.setConnection((update) => this.#pushes.push(update))
        this.#reportPending()
        this.#context.tracker.caughtUp()
        this.#snapshots.postIfDue()
        this.#offerHistoryPoint()
        return
      case 'update':
        this.#pushes.push(message.update)
        return
      case 'awareness':
        this.#ownPresence.forward(message.update)
        return
      case 'other':
        return
    }
  }

  /**
   * Leaves a connection that cannot be working (no answer to the liveness
   * check, or the browser says it went offline) at once, not after the
   * browser's own close handshake, which a dead line never completes: the
   * board says Offline now and the provider reconnects after its back-off.
   */
  drop(reason: string): void {
    if (this.readyState === CLOSED) return
    this.#warn(`leaving the connection: ${reason}`)
    this.#socket.close(CloseCode.clientRetry, 'no answer')
    this.#ended(CloseCode.clientRetry, reason)
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
    const { boardId, keys, mirror } = this.#context
    const { accessToken } = await keys
    await this.#context.mirrorRestored
    this.#socket.send(encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId, accessToken, knownSeq: mirror.knownSeq }))
  }

  async #receive(data: unknown): Promise<void> {
    if (!(data instanceof ArrayBuffer)) throw new ProtocolError(CloseCode.protocolError, 'text frame from server')
    const frame = decodeServerFrame(new Uint8Array(data))
    // The close that follows a retirement may be heard before its note is read: the note is still wanted.
    if (this.readyState === CLOSED && frame.tag !== 'retired') return
    await this.#handlers[frame.tag](frame as never)
  }

  readonly #handlers: { [T in ServerFrame['tag']]: (frame: Extract<ServerFrame, { tag: T }>) => unknown } = {
    welcome: ({ serverTime, replayFrom }) => {
      const { mirror } = this.#context
      if (replayFrom !== mirror.knownSeq) {
        if (replayFrom !== 0) throw new ProtocolError(CloseCode.protocolError, `replay from ${replayFrom}, not ${mirror.knownSeq}`)
        // The server's log is not the one this device knew (restored from a backup, say, or rolled back): read it
        // afresh, and check once it is read that it holds what this device knew the log held.
        if (mirror.knownSeq > 0) this.#heldBeforeReplay = mirror.encodeState()
        mirror.reset()
      }
      this.#pinger.welcomed(serverTime)
      this.#liveness.welcomed()
    },
    entry: (entry) => this.#receiveEntries([entry]),
    entries: ({ entries }) => this.#receiveEntries(entries),
    snapshotPart: async (frame) => {
      const snapshot = this.#assembly.add(frame)
      if (snapshot === null) return
      const { mirror, witness } = this.#context
      const opened = await this.#openSnapshotOrNull(snapshot.sealed)
      const update = opened?.state ?? null
      const lacking = update !== null && this.#snapshotLacks(snapshot.coversSeq, update)
      // A snapshot that lacks what this device knew the log held is what the log holds now: the mirror
      // follows it, so what the log lacks is sent back below; this device's own copy keeps everything.
      if (lacking) mirror.reset()
      if (update === null || !mirror.applySnapshot(snapshot.seq, snapshot.coversSeq, update)) {
        if (update === null) mirror.markUnreadableSnapshot(snapshot.seq, snapshot.coversSeq)
        return this.#unreadable(`snapshot ${snapshot.seq} could not be read and was skipped`)
      }
      if (opened?.signed && witness) void witness.checkSnapshot(opened.signed, snapshot.coversSeq)
      this.#deliver(updateMessage(update))
      if (lacking) this.#rolledBack('snapshot-lacking')
      this.#roomMayHaveFreed()
      this.#postSnapshotIfDue()
    },
    snapshotStored: ({ seq, coversSeq }) => {
      this.#context.mirror.noteSnapshot(seq, coversSeq)
      this.#roomMayHaveFreed()
      // The log moved: changes waiting since a refused snapshot may go now.
      this.#postSnapshotIfDue()
    },
    replayDone: () => {
      this.readyState = OPEN
      this.onopen?.({})
      const held = this.#heldBeforeReplay
      this.#heldBeforeReplay = null
      // The provider's answer to this SyncStep1 sends back whatever the replayed log lacks.
      this.#deliver(syncStep1Message(this.#context.mirror.stateVector()))
      if (held !== null && !this.#context.mirror.holds(held)) this.#context.witness?.noteRollback('older-log')
    },
    ack: ({ ref, seq }) => {
      const { mirror } = this.#context
      const tailBefore = mirror.tail
      const ownChange = this.#pushes.acknowledged(ref, seq)
      if (!ownChange && this.#snapshots.acknowledged(ref, seq)) {
        this.#historyPointStored()
        this.#roomMayHaveFreed()
      }
      this.#reportPending()
      this.#snapshots.postIfDue(ownChange && crossedThreshold(tailBefore, mirror.tail))
      this.#offerHistoryPoint()
    },
    reject: ({ ref, reason }) => {
      const noRoom = NO_ROOM[reason]
      if (reason === RejectReason.logFull || noRoom !== undefined) {
        // Our change goes with the next snapshot, which may make room; our snapshot found none, so its changes wait.
        if (!this.#pushes.refusedForRoom(ref) && noRoom !== undefined) this.#snapshots.refusedForRoom(ref, noRoom)
      }
      // Refused because another device's newer snapshot was stored first: that one is the history point.
      else if (this.#snapshots.refused(ref)) this.#historyPointStored()
      this.#reportPending()
    },
    awareness: async ({ peerId, sealed }) => {
      const update = await this.#openOrNull('awareness', sealed)
      if (update === null) return this.#warn('an awareness frame could not be read')
      const accepted = this.#presence.accept(peerId, update)
      if (accepted === null) return
      this.#presence.letBackIn(accepted)
      this.#deliver(awarenessMessage(accepted.update))
      this.#presence.heard(peerId, accepted)
    },
    peerLeft: ({ peerId }) => this.#presence.left(peerId),
    pong: ({ pingId, serverTime }) => this.#pinger.pong(pingId, serverTime),
    clock: ({ serverTime }) => {
      this.#pinger.serverTold(serverTime)
      // The provider closes a connection it has heard nothing on for 30 s; the clock keeps a quiet board open.
      this.#deliver(keepAliveMessage())
    },
    // Comes just before the 4410 or 4411 close: who retired the board, for the screen that says so.
    retired: async ({ note }) => {
      const { boardId, keys, tracker } = this.#context
      tracker.noteRetirement(await openRetirementNote(boardId, await keys, note))
    },
  }

  /**
   * Log entries, live or replayed: opened together, applied to the mirror in
   * one transaction, and handed on to the provider. One that cannot be read
   * is skipped and counted.
   */
  async #receiveEntries(entries: readonly { seq: number; sealed: Uint8Array }[]): Promise<void> {
    const { mirror, witness } = this.#context
    const opened = await Promise.all(entries.map(({ sealed }) => this.#openChangeOrNull(sealed)))
    // Checked before applying where the sender's key is known, so observers are told a sender only once it is proven.
    const verified = await Promise.all(
      opened.map((change) => (change?.signed && witness?.knows(change.signed.deviceId) ? witness.checkChange(change.signed) : false)),
    )
    const { applied, skipped } = mirror.applyEntries(
      entries.map(({ seq, sealed }, i) => ({ seq, update: opened[i]?.update ?? null, sealedBytes: sealed.byteLength })),
    )
    for (const seq of skipped) this.#unreadable(`entry ${seq} could not be read and was skipped`)
    const appliedSet = new Set(applied)
    opened.forEach((change, i) => {
      if (change === null || !appliedSet.has(change.update)) return
      const signed = change.signed
      this.#deliver(updateMessage(change.update), verified[i] && signed ? signed.deviceId : null)
      // A device's first change carries its own record: its key is known only once that applied.
      if (signed && !verified[i] && witness && !witness.knows(signed.deviceId)) void witness.checkChange(signed)
    })
    this.#postSnapshotIfDue()
  }

  /**
   * True when a snapshot covering everything this device knew the log held
   * lacks some of it: an older snapshot served as the latest, or a doctored
   * one. (One covering less is checked by the other devices' heads.)
   */
  #snapshotLacks(coversSeq: number, state: Uint8Array): boolean {
    const { mirror } = this.#context
    if (mirror.knownSeq === 0 || coversSeq < mirror.knownSeq) return false
    const served = new Y.Doc()
    try {
      Y.applyUpdate(served, state)
      return !Y.snapshotContainsUpdate(Y.snapshot(served), mirror.encodeState())
    } catch {
      return false
    } finally {
      served.destroy()
    }
  }

  /** Named on screen; what the log lacks goes back from this device's copy, which the provider tells us on a SyncStep1. */
  #rolledBack(kind: 'snapshot-lacking'): void {
    this.#context.witness?.noteRollback(kind)
    if (this.#caughtUp) this.#deliver(syncStep1Message(this.#context.mirror.stateVector()))
  }

  /** Opens a sealed payload; null when it fails authentication (tampered, misplaced, or not for this board). */
  #openOrNull(kind: SealedKind, sealed: Uint8Array): Promise<Uint8Array | null> {
    return this.#orNull((key, boardId) => openPayload(key, boardId, kind, sealed))
  }

  /** A log entry opened, signed or from before signing; null when it fails authentication. */
  #openChangeOrNull(sealed: Uint8Array): Promise<OpenedChange | null> {
    return this.#orNull((key, boardId) => openChange(key, boardId, sealed))
  }

  #openSnapshotOrNull(sealed: Uint8Array): Promise<OpenedSnapshot | null> {
    return this.#orNull((key, boardId) => openSnapshot(key, boardId, sealed))
  }

  /** What `open` opens with the board's key; null when it fails authentication (tampered, misplaced, or not for this board). */
  async #orNull<T>(open: (key: CryptoKey, boardId: string) => Promise<T>): Promise<T | null> {
    const { encryptionKey } = await this.#context.keys
    try {
      return await open(encryptionKey, this.#context.boardId)
    } catch (error) {
      if (error instanceof FrameAuthError) return null
      throw error
    }
  }

  /**
   * Posts a snapshot for a requested history point once this device holds
   * the board as it is (caught up, its own changes acknowledged). A log that
   * already ends in a snapshot of it needs none.
   */
  #offerHistoryPoint(): void {
    const points = this.#context.historyPoints
    if (!points?.wanted || !this.#caughtUp || this.#historyPosted || this.#pushes.count > 0) return
    const { mirror } = this.#context
    if (mirror.knownSeq === mirror.snapshotSeq) return points.satisfied()
    this.#historyPosted = this.#snapshots.postIfDue(true)
  }

  #historyPointStored(): void {
    if (!this.#historyPosted) return
    this.#historyPosted = false
    this.#context.historyPoints?.satisfied()
  }

  /** Not during the replay: its frames would be dropped, and the snapshot left in flight for good. */
  #postSnapshotIfDue(): void {
    if (this.#caughtUp) this.#snapshots.postIfDue()
  }

  #sendIfOpen(bytes: Uint8Array): void {
    if (this.readyState === OPEN) this.#socket.send(bytes)
  }

  /**
   * Hands a message to the provider. Updates reach it only after they applied
   * to the mirror, so garbage never does; y-protocols itself logs a failure to
   * apply a sync message. Anything else that throws in the provider (a
   * malformed awareness update) is counted and skipped, never a reason to drop
   * the connection and loop.
   */
  #deliver(message: Uint8Array, senderDeviceId: string | null = null): void {
    if (this.readyState !== OPEN) return
    const sender = this.#context.sender
    // The provider applies the update synchronously inside onmessage: observers of the doc see the sender.
    if (sender) sender.current = senderDeviceId
    try {
      this.onmessage?.({ data: message.slice().buffer })
    } catch (error) {
      this.#unreadable(`a change could not be applied: ${(error as Error).message}`)
    } finally {
      if (sender) sender.current = null
    }
  }

  /** Presence is no change of the board: what is dropped of it is counted apart, never shown as an unreadable change. */
  #presenceDropped(count: number, why: string): void {
    this.#warn(`presence dropped: ${why}`)
    this.#context.tracker.notePresenceDropped(count)
  }

  #unreadable(line: string): void {
    this.#warn(line)
    this.#context.tracker.noteUnreadable()
  }

  /**
   * A snapshot stored on the board may have made room: changes held for want
   * of it are sent again, once (and if refused again, held until the next).
   */
  #roomMayHaveFreed(): void {
    if (!this.#caughtUp) return
    this.#snapshots.roomMayHaveFreed()
    this.#pushes.retryHeld()
    this.#reportPending()
  }

  #reportPending(): void {
    if (!this.#caughtUp) return
    this.#context.tracker.setPending(this.#pushes.count + this.#snapshots.unsavedCount)
    this.#context.tracker.setNoRoom(this.#pushes.heldFor)
  }

  #warn(line: string): void {
    ;(this.#context.warn ?? console.warn)(`common-ground sync: ${line}`)
  }

  /** One catch for this connection: a server that speaks nonsense is left, not trusted. */
  #failed(error: unknown): void {
    if (this.readyState === CLOSED) return
    const final = error instanceof ProtocolError
    const code = final ? CloseCode.protocolError : CloseCode.clientRetry
    this.#warn(`closing the connection: ${(error as Error).message}`)
    this.#socket.close(code, final ? 'protocol error' : 'client error')
    this.#ended(code, (error as Error).message)
  }

  #ended(code: number, reason: string): void {
    if (this.readyState === CLOSED) return
    this.readyState = CLOSED
    this.#pinger.stop()
    this.#liveness.stop()
    this.#stopHearingHistoryRequests()
    this.#context.witness?.setConnection(null)
    if (isFinalClose(code)) this.#context.tracker.closedForGood(code)
    else this.#context.tracker.connectionLost()
    this.onclose?.({ code, reason, wasClean: code === 1000 })
  }
}
