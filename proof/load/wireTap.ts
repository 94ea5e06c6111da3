/**
 * The socket one load client's sync transport is given: a real `ws`
 * WebSocket that counts what each connection moves and when its replay
 * ended, so the soak and the storm can measure from the client side. It
 * reads only each frame's tag (its first byte: every tag is below 128, so
 * its varUint is one byte) and never decodes a payload, except to rewrite
 * the hello when asked for a full replay.
 */
import WebSocket from 'ws'
import { decodeClientFrame, encodeClientFrame } from '../../shared/frames.ts'
import { ClientTag, ServerTag } from '../../shared/protocol.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'

export type TappedConnection = {
  openedAt: number
  receivedBytes: number
  sentBytes: number
  /** performance.now() when replayDone arrived; null until then. */
  replayDoneAt: number | null
  /** Bytes received up to and including replayDone: the resync proper (welcome, entries, snapshot, replayDone). */
  bytesThroughReplayDone: number | null
}

export class WireTap {
  readonly connections: TappedConnection[] = []
  /** Snapshots this client began to post (its own, whether stored or refused). */
  snapshotsBegun = 0
  /** Presence frames heard from other peers. */
  awarenessReceived = 0
  /** When set, every hello asks for the whole log (knownSeq 0), whatever this client holds. */
  fullReplay = false
  /** Sockets connecting or open right now: none once the client has left. */
  readonly live = new Set<WebSocket>()
  #current: WebSocket | null = null
  readonly WebSocketImpl: SocketConstructor

  constructor() {
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
  class TappedWebSocket extends WebSocket {
    readonly #connection: TappedConnection = { openedAt: performance.now(), receivedBytes: 0, sentBytes: 0, replayDoneAt: null, bytesThroughReplayDone: null }

    constructor(url: string) {
      super(url)
      const connection = this.#connection
      tap.connections.push(connection)
      opened(this)
      // Added before the transport sets onmessage, so it runs first and sees replayDone as it lands.
      this.addEventListener('message', (event) => {
        const bytes = new Uint8Array(event.data as ArrayBuffer)
        connection.receivedBytes += bytes.byteLength
        if (bytes[0] === ServerTag.replayDone && connection.replayDoneAt === null) {
          connection.replayDoneAt = performance.now()
          connection.bytesThroughReplayDone = connection.receivedBytes
        } else if (bytes[0] === ServerTag.awareness) tap.awarenessReceived++
      })
    }

    override send(data: Uint8Array): void {
      const frame = tap.fullReplay && data[0] === ClientTag.hello ? askForEverything(data) : data
      if (frame[0] === ClientTag.beginSnapshot) tap.snapshotsBegun++
      this.#connection.sentBytes += frame.byteLength
      super.send(frame)
    }
  }
  return TappedWebSocket as unknown as SocketConstructor
}

function askForEverything(hello: Uint8Array): Uint8Array {
  const frame = decodeClientFrame(hello)
  return frame.tag === 'hello' ? encodeClientFrame({ ...frame, knownSeq: 0 }) : hello
}
