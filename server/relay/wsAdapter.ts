/** Serves the relay over a `ws` WebSocket: the only file of the relay that knows `ws`. */
import { WebSocket, type RawData } from 'ws'
import type { Relay } from './relay.ts'
import type { RelaySocket } from './socket.ts'

export function serveOverWs(ws: WebSocket, relay: Relay): void {
  const socket: RelaySocket = {
    send(bytes) {
      if (ws.readyState === WebSocket.OPEN) ws.send(bytes)
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason)
    },
  }
  const events = relay.accept(socket)
  ws.on('message', (data, isBinary) => events.message(toBytes(data), isBinary))
  ws.on('close', () => events.closed())
  // A broken connection emits 'error' and then 'close'; without a listener 'error' would crash the process.
  ws.on('error', () => {})
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}
