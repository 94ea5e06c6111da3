/**
 * The socket a sync client is given when a test or a proof wants to see its
 * wire: a real `ws` WebSocket that records, per connection, what it moved
 * (bytes, the largest frame sent, when the replay ended) and, unless told
 * not to, every frame decoded. It can ask for a full replay on every hello,
 * drop a connection without a closing handshake, and play a phone that
 * froze right after connecting (the first connection's hello never sent).
 *
 * Without `keepFrames` it reads only each frame's tag (its first byte: every
 * tag is below 128, so its varUint is one byte), so 2,000 clients in one
 * process cost little.
 */
import WebSocket from 'ws'
import { decodeClientFrame, decodeServerFrame, encodeClientFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { ClientTag, ServerTag } from '../../shared/protocol.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'

export type TappedConnection = {
  /** performance.now() when the socket was made. */
  openedAt: number
  sentBytes: number
  receivedBytes: number
  largestSentFrame: number
  /** Every frame sent and received, decoded (only with `keepFrames`). */
  sent: ClientFrame[]
  received: ServerFrame[]
  /** performance.now() when replayDone arrived; null until then. */
  replayDoneAt: number | null
  /** Bytes received up to and including replayDone: the resync proper (welcome, entries, snapshot, replayDone). */
  bytesThroughReplayDone: number | null
  /** The close code, once closed. */
  closedWith: number | null
}

export type WireTapOptions = {
  /** Decode and keep every frame (default); off for the thousands of clients of a proof. */
  keepFrames?: boolean
  /** The first connection's hello is never sent, as from a phone that froze right after connecting. */
  swallowFirstHello?: boolean
}

export class WireTap {
  readonly connections: TappedConnection[] = []
  /** Snapshots this client began to post (its own, whether stored or refused). */
  snapshotsBegun = 0
  /** Presence frames heard from other peers. */
  awarenessReceived = 0
  /** Presence frames sent, to everyone (pushAwareness) or to one newcomer (pushAwarenessTo). */
  awarenessSent = 0
  /** When set, every hello asks for the whole log (knownSeq 0), whatever the client holds. */
  fullReplay = false
  /** Sockets connecting or open right now: none once the client has left. */
  readonly live = new Set<WebSocket>()
  /** What to give the sync client as its WebSocket. */
  readonly WebSocketImpl: SocketConstructor
  #current: WebSocket | null = null

  constructor(readonly options: WireTapOptions = {}) {
    this.WebSocketImpl = tappedSocketClass(this, (socket) => {
      this.#current = socket
      this.live.add(socket)
      socket.addEventListener('close', () => this.live.delete(socket))
    })
  }

  /** Drops the current connection without a closing handshake, as a phone losing its network does. */
  dropWithoutClosing(): void {
    this.#current?.terminate()
  }

  /** The connections opened at or after `since` (performance.now()). */
  connectionsSince(since: number): TappedConnection[] {
    return this.connections.filter((connection) => connection.openedAt >= since)
  }
}

function tappedSocketClass(tap: WireTap, opened: (socket: WebSocket) => void): SocketConstructor {
  const keepFrames = tap.options.keepFrames ?? true
  class TappedWebSocket extends WebSocket {
    readonly #connection: TappedConnection = {
      openedAt: performance.now(),
      sentBytes: 0,
      receivedBytes: 0,
      largestSentFrame: 0,
      sent: [],
      received: [],
      replayDoneAt: null,
      bytesThroughReplayDone: null,
      closedWith: null,
    }

    constructor(url: string) {
      super(url)
      const connection = this.#connection
      tap.connections.push(connection)
      opened(this)
      // Added before the transport sets onmessage, so it runs first and sees replayDone as it lands.
      this.addEventListener('message', (event) => {
        const bytes = new Uint8Array(event.data as ArrayBuffer)
        connection.receivedBytes += bytes.byteLength
        if (keepFrames) connection.received.push(decodeServerFrame(bytes))
        if (bytes[0] === ServerTag.replayDone && connection.replayDoneAt === null) {
          connection.replayDoneAt = performance.now()
          connection.bytesThroughReplayDone = connection.receivedBytes
        } else if (bytes[0] === ServerTag.awareness) tap.awarenessReceived++
      })
      this.addEventListener('close', (event) => (connection.closedWith = event.code))
    }

    override send(data: Uint8Array): void {
      if (tap.options.swallowFirstHello && data[0] === ClientTag.hello && tap.connections.length === 1) return
      const frame = tap.fullReplay && data[0] === ClientTag.hello ? askForEverything(data) : data
      if (frame[0] === ClientTag.beginSnapshot) tap.snapshotsBegun++
      else if (frame[0] === ClientTag.pushAwareness || frame[0] === ClientTag.pushAwarenessTo) tap.awarenessSent++
      const connection = this.#connection
      connection.sentBytes += frame.byteLength
      connection.largestSentFrame = Math.max(connection.largestSentFrame, frame.byteLength)
      if (keepFrames) connection.sent.push(decodeClientFrame(frame))
      super.send(frame)
    }
  }
  return TappedWebSocket as unknown as SocketConstructor
}

function askForEverything(hello: Uint8Array): Uint8Array {
  const frame = decodeClientFrame(hello)
  return frame.tag === 'hello' ? encodeClientFrame({ ...frame, knownSeq: 0 }) : hello
}
