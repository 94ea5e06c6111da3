/** Serves the relay over a `ws` WebSocket: the only file of the relay that knows `ws`. */
import { WebSocket, type RawData } from 'ws'
import type { Relay } from './relay.ts'
import type { RelaySocket } from './socket.ts'

/** How long a closed socket may take to answer the close before it is cut off. */
const CLOSE_GRACE_MS = 5000

export function serveOverWs(ws: WebSocket, relay: Relay, remoteAddress: string): void {
  // Counted here rather than read from ws.bufferedAmount so a waiter can be woken when a send completes.
  let buffered = 0
  let drainWaiters: Array<{ below: number; wake: () => void }> = []
  const wakeDrained = () => {
    const waiting = drainWaiters
    drainWaiters = []
    for (const waiter of waiting) {
      if (buffered <= waiter.below || ws.readyState !== WebSocket.OPEN) waiter.wake()
      else drainWaiters.push(waiter)
    }
  }
  const socket: RelaySocket = {
    send(bytes, taken) {
      if (ws.readyState !== WebSocket.OPEN) return taken?.()
      buffered += bytes.byteLength
      // ws calls back once the frame is written to the network, or with an error once the socket is gone.
      ws.send(bytes, () => {
        buffered -= bytes.byteLength
        taken?.()
        wakeDrained()
      })
    },
    close(code, reason) {
      if (ws.readyState !== WebSocket.OPEN && ws.readyState !== WebSocket.CONNECTING) return
      ws.close(code, reason)
      // A healthy client answers the close at once; one that does not read (a slow consumer) would
      // keep everything buffered for it until ws's own 30 s timeout.
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref()
    },
    get bufferedAmount() {
      return buffered
    },
    whenBufferedBelow(below) {
      if (buffered <= below || ws.readyState !== WebSocket.OPEN) return Promise.resolve()
      return new Promise((wake) => drainWaiters.push({ below, wake }))
    },
    limitFrameBytes: (maxBytes) => void limitIncomingFrameBytes(ws, maxBytes),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
  }
  const events = relay.accept(socket, remoteAddress)
  ws.on('message', (data, isBinary) => events.message(toBytes(data), isBinary))
  ws.on('close', () => {
    wakeDrained()
    events.closed()
  })
  // A broken connection emits 'error' and then 'close'; without a listener 'error' would crash the process.
  ws.on('error', () => {})
}

/**
 * Lowers the largest frame `ws` reads on this socket; false when it could
 * not. ws 8 has no public per-socket limit (only the server's maxPayload,
 * fixed when the socket is made; a pull request to add one was closed
 * unmerged, websockets/ws#1473), so this sets the field its receiver checks
 * against each frame's header. The one use of ws internals in the server:
 * tests/unit/server/wsFrameLimit.test.ts fails if a new ws moves the field.
 * Without it the server's maxPayload still bounds every frame.
 */
export function limitIncomingFrameBytes(ws: WebSocket, maxBytes: number): boolean {
  const receiver = (ws as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver
  if (receiver === undefined || typeof receiver._maxPayload !== 'number') return false
  receiver._maxPayload = maxBytes
  return true
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}
