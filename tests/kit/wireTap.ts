/**
 * A real `ws` WebSocket for the sync client that records what each
 * connection sends and receives — frames and bytes — so a test can say how
 * much a reconnect moved, or that no frame was ever over the limit. It can
 * also play a phone that froze right after connecting: the first
 * connection's hello is never sent.
 */
import WebSocket from 'ws'
import { decodeClientFrame, decodeServerFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'

export type ConnectionTap = {
  sent: ClientFrame[]
  received: ServerFrame[]
  sentBytes: number
  receivedBytes: number
  largestSentFrame: number
  /** The close code, once closed. */
  closedWith: number | null
}

export type Tap = { connections: ConnectionTap[]; WebSocketImpl: SocketConstructor }

export function tappedWebSocket(options: { swallowFirstHello?: boolean } = {}): Tap {
  const connections: ConnectionTap[] = []
  class TappedWebSocket extends WebSocket {
    readonly #tap: ConnectionTap = { sent: [], received: [], sentBytes: 0, receivedBytes: 0, largestSentFrame: 0, closedWith: null }

    constructor(url: string) {
      super(url)
      connections.push(this.#tap)
      this.addEventListener('message', (event) => {
        const bytes = new Uint8Array(event.data as ArrayBuffer)
        this.#tap.receivedBytes += bytes.byteLength
        this.#tap.received.push(decodeServerFrame(bytes))
      })
      this.addEventListener('close', (event) => (this.#tap.closedWith = event.code))
    }

    override send(data: Uint8Array): void {
      const frame = decodeClientFrame(data)
      if (options.swallowFirstHello && frame.tag === 'hello' && connections.length === 1) return
      this.#tap.sent.push(frame)
      this.#tap.sentBytes += data.byteLength
      this.#tap.largestSentFrame = Math.max(this.#tap.largestSentFrame, data.byteLength)
      super.send(data)
    }
  }
  return { connections, WebSocketImpl: TappedWebSocket as unknown as SocketConstructor }
}
