/**
 * Reference for the bench: @y/websocket-server as its README runs it, each
 * document in memory (no YPERSISTENCE, so y-leveldb is never opened), the
 * document name taken from the socket's path. Speaks serverLines.ts.
 */
import http from 'node:http'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'
import { answerBenchLines } from '../../harness/serverLines.ts'

const httpServer = http.createServer((_request, response) => response.writeHead(404).end())
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
httpServer.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
const address = httpServer.address()
if (address === null || typeof address === 'string') throw new Error('y-websocket-server: no TCP address')

answerBenchLines(address.port, async () => {
  for (const ws of wss.clients) ws.terminate()
  wss.close()
  await new Promise<void>((resolve) => httpServer.close(() => resolve()))
})
