/**
 * Assembles the server: one HTTP server for the API and the built client,
 * and the relay behind WebSocket upgrades on /ws. Tests start it on port 0;
 * index.ts starts it from the environment.
 *
 * The log is the SQLite file in dataDir, or PostgreSQL when a database URL
 * is given; the fan-out is in-process, or Redis when a Redis URL is given
 * (several processes). Everything is opened before the port is: a server
 * that cannot reach its database never half-starts.
 */
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { Limits } from '../shared/protocol.ts'
import { resolveBoardCreationLimits, resolveRelayLimits, type BoardCreationLimits, type RelayLimits } from './common/policy.ts'
import { ReaderBudget } from './common/readerBudget.ts'
import { LocalFanout } from './fanout/local.ts'
import { openRedisFanout } from './fanout/redis.ts'
import type { Fanout, SharedSeats } from './fanout/types.ts'
import { createBoardsApi } from './http/boardsApi.ts'
import { clientAddressKey } from './http/clientAddress.ts'
import { createHistoryApi } from './http/historyApi.ts'
import { createRequestHandler } from './http/router.ts'
import { foreignOrigin } from './http/socketOrigin.ts'
import { createStaticFiles } from './http/staticFiles.ts'
import { TrustedProxies } from './http/trustedProxies.ts'
import { openPostgresBoardLog } from './log/postgres.ts'
import { openWorkerBoardLog } from './log/workerBoardLog.ts'
import { resolveLogOptions, type BoardLog, type LogOptions } from './log/types.ts'
import { Relay } from './relay/relay.ts'
import { serveOverWs } from './relay/wsAdapter.ts'

export type { BoardLog } from './log/types.ts'
export type { RelayLimits } from './common/policy.ts'

export type StartOptions = {
  /** 0 picks a free port, so tests can run side by side. */
  port: number
  host: string
  /** Where the SQLite file lives (created if missing); unused when `log` is given. */
  dataDir: string
  /** The built client; null serves no files (API and sockets only). */
  staticDir?: string | null
  /** Overrides of the relay's limits (common/policy.ts has the defaults; tests shorten timeouts and caps). */
  limits?: Partial<RelayLimits>
  /** Overrides of the board creation limits (common/policy.ts has the defaults). */
  boardLimits?: Partial<BoardCreationLimits>
  /** How long the board's history keeps earlier versions (90 days unless set). */
  historyRetentionMs?: number
  /** Bytes one board may store, its history included (common/policy.ts has the default); past it writes are refused calmly. */
  maxBoardBytes?: number
  /** Where diagnostic lines go; stderr by default, so stdout carries only the listening line. */
  logLine?: (line: string) => void
  /** PostgreSQL instead of SQLite in dataDir. */
  databaseUrl?: string | null
  /** Redis for the fan-out between several processes sharing the database. */
  redisUrl?: string | null
  /** A board log to use instead of opening one; the server closes it on close(). */
  log?: BoardLog
  /** The board's clock, in ms; tests pass one they can move forward. */
  now?: () => number
  /**
   * Addresses or CIDR ranges of reverse proxies (TRUST_PROXY) whose
   * X-Forwarded-For names the client that per-address limits count, and
   * whose X-Forwarded-Host names this site; none unless set.
   */
  trustedProxies?: readonly string[]
}

export type RunningServer = {
  port: number
  /** http://host:port */
  url: string
  /** ws://host:port/ws */
  wsUrl: string
  /** Stops taking frames, lets pending appends commit and be acked, closes every socket with 1012, then closes the fan-out and the log. */
  close(): Promise<void>
}

/** How long close() waits for clients to answer the closing handshake before cutting them off. */
const CLOSE_HANDSHAKE_MS = 2000

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const logLine = options.logLine ?? ((line: string) => void process.stderr.write(`${line}\n`))
  // Read before anything is opened: a malformed entry must not leave a log or fan-out behind.
  const trustedProxies = new TrustedProxies(options.trustedProxies)
  const limits = resolveRelayLimits(options.limits)
  const boardLimits = resolveBoardCreationLimits(options.boardLimits)
  const logOptions: LogOptions = resolveLogOptions({
    historyRetentionMs: options.historyRetentionMs,
    maxBoardBytes: options.maxBoardBytes,
    // The cap that stops new boards also stops existing ones from growing.
    maxStoredBytes: boardLimits.maxStoredBytes,
  })
  const log =
    options.log ??
    (options.databaseUrl
      ? await openPostgresBoardLog(options.databaseUrl, { ...logOptions, logLine })
      : await openWorkerBoardLog(options.dataDir, logOptions))
  let fanout: Fanout & SharedSeats
  try {
    fanout = options.redisUrl ? await openRedisFanout(options.redisUrl, { logLine }) : new LocalFanout()
  } catch (error) {
    await log.close()
    throw error
  }
  // One budget for an address's readers, whether they read over a socket or download over HTTP.
  const readers = new ReaderBudget(limits.readerBytesPerIp)
  const relay = new Relay({ log, fanout, limits, readers, logLine, now: options.now })
  const boards = createBoardsApi(log, (boardId, retired) => relay.boardRetired(boardId, retired), boardLimits, trustedProxies)
  const history = createHistoryApi(log, { readers, readerStallMs: limits.readerStallMs, trustedProxies })
  const httpServer = http.createServer(createRequestHandler(boards, history, createStaticFiles(options.staticDir ?? null), logLine))
  // Frames up to twice the limit reach our decoder, which closes an oversized one with the named
  // 4413 instead of ws's anonymous 1009; anything larger is cut off by ws before it is buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * Limits.maxFrameBytes })
  let closing = false

  httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (request.url ?? '').split('?')[0]!
    if (closing) return refuseUpgrade(socket, '503 Service Unavailable')
    // Clients open /ws; earlier ones added the board id (/ws/<id>), still taken so that tabs open across an upgrade reconnect.
    if (pathname !== '/ws' && !pathname.startsWith('/ws/')) return refuseUpgrade(socket, '404 Not Found')
    const origin = foreignOrigin(request, trustedProxies)
    if (origin !== null) {
      logLine(`ws: refused a socket opened by a page of another site (Origin ${JSON.stringify(origin.slice(0, 200))})`)
      return refuseUpgrade(socket, '403 Forbidden')
    }
    wss.handleUpgrade(request, socket, head, (ws) =>
      // Counted like board creation: an IPv6 client by its /64, so new addresses from one home are still one client.
      serveOverWs(ws, relay, clientAddressKey(request, trustedProxies)),
    )
  })

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(options.port, options.host, () => {
        httpServer.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    await relay.close()
    await fanout.close()
    await log.close()
    throw error
  }

  const address = httpServer.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  let closed: Promise<void> | null = null

  return {
    port,
    url: `http://${hostForUrl}:${port}`,
    wsUrl: `ws://${hostForUrl}:${port}/ws`,
    close() {
      closed ??= (async () => {
        closing = true
        const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
        httpServer.closeIdleConnections()
        await relay.close()
        await waitForSockets(wss)
        wss.close()
        httpServer.closeAllConnections()
        await httpClosed
        await fanout.close()
        await log.close()
      })()
      return closed
    },
  }
}

/** Answers an upgrade with an HTTP error instead of a socket. */
function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  socket.destroy()
}

/** Waits for the closing handshakes, cutting off any client that does not answer in time. */
async function waitForSockets(wss: WebSocketServer): Promise<void> {
  const closed = [...wss.clients].map((ws) => new Promise((resolve) => ws.once('close', resolve)))
  const cutOff = setTimeout(() => {
    for (const ws of wss.clients) ws.terminate()
  }, CLOSE_HANDSHAKE_MS)
  await Promise.all(closed)
  clearTimeout(cutOff)
}
