/**
 * Reference for the pause benchmark only: a bare WebSocket relay that
 * passes every message to the other sockets at once. Nothing to decode,
 * nothing to store: the floor under any live board.
 */
import { WebSocketServer, type WebSocket } from 'ws'

export type FloorRelay = { url: string; close(): Promise<void> }

export async function startFloorRelay(): Promise<FloorRelay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  server.on('connection', (socket: WebSocket) => {
    socket.on('message', (data) => {
      for (const other of server.clients) if (other !== socket) other.send(data)
    })
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      }),
  }
}
