/**
 * Clients that ask for a lot and then never read it: a history download over
 * a raw TCP socket and a replay over a WebSocket, both paused at once so the
 * kernel's buffers fill and the server is left holding whatever it does not
 * bound. Each is cut off when the test ends.
 */
import net from 'node:net'
import { toBase64Url } from '../../shared/crypto.ts'
import type { ClientAddress, TestBoard } from './boards.ts'
import { RawClient } from './rawClient.ts'
import { afterThisTest } from './teardown.ts'
import { sleep } from './waits.ts'

type Server = { port: number; wsUrl: string }

/** A non-reading TCP client; `drain()` starts reading and resolves with what arrived once the server ends the connection. */
export type HeldDownload = { socket: net.Socket; drain(): Promise<Buffer> }

/**
 * Asks for a stored version of the board and reads nothing: paused before it
 * connects, so Node never reads a byte of the answer.
 */
export function holdHistoryDownload(
  server: Server,
  board: Pick<TestBoard, 'boardId' | 'accessToken'>,
  seq: number,
  { localAddress }: ClientAddress = {},
): HeldDownload {
  const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress })
  socket.pause()
  afterThisTest(() => void socket.destroy())
  socket.on('error', () => {})
  socket.write(
    `GET /api/boards/${board.boardId}/history/${seq} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      `Authorization: Bearer ${toBase64Url(board.accessToken)}\r\nConnection: close\r\n\r\n`,
  )
  return {
    socket,
    drain: () =>
      new Promise((resolve) => {
        const chunks: Buffer[] = []
        socket.on('data', (chunk: Buffer) => chunks.push(chunk))
        socket.once('close', () => resolve(Buffer.concat(chunks)))
        socket.resume()
      }),
  }
}

/** A socket that says hello and then reads nothing of its replay. */
export async function holdReplay(
  server: Server,
  board: Pick<TestBoard, 'boardId' | 'accessToken'>,
  { localAddress }: ClientAddress = {},
): Promise<RawClient> {
  const client = await RawClient.connect(server.wsUrl, { localAddress })
  client.socket.pause()
  client.hello(board)
  return client
}

/** The highest of `rssBytes()` sampled every quarter second for `ms`: the sampling period is the point, not a wait. */
export async function peakOver(rssBytes: () => number, ms: number): Promise<number> {
  let peak = rssBytes()
  for (const end = Date.now() + ms; Date.now() < end;) {
    await sleep(250)
    peak = Math.max(peak, rssBytes())
  }
  return peak
}
