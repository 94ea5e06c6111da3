/**
 * The one way the kit starts the real server in this process: on port 0 (so
 * test files can run side by side), on 127.0.0.1, with a real SQLite file in
 * a fresh temp dir, its diagnostic lines kept instead of printed, and its
 * board clock movable. Closed, and its dir removed, when the test that
 * started it ends (tests/kit/teardown.ts); a Playwright fixture, a bench or
 * a proof calls close() itself.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startServer, type RunningServer, type StartOptions } from '../../server/app.ts'
import { afterThisTest } from './teardown.ts'

export type ServerOptions = Partial<Omit<StartOptions, 'port' | 'dataDir' | 'now'>>

export type TestServer = {
  /** The server started first; `restart()` returns its successor. */
  server: RunningServer
  /** http://127.0.0.1:<port>, the same across restarts. */
  url: string
  wsUrl: string
  port: number
  dataDir: string
  /** Lines the server logged, instead of printing them over the test output. */
  logLines: string[]
  /** Closes the running server; pages and clients see their connection drop. */
  stop(): Promise<void>
  /** Closes the running server if it still runs, and starts a new one on the same port and data dir. */
  restart(): Promise<RunningServer>
  /** Moves the board's clock (the server's) forward, as if that much time had passed: a 20-minute countdown ends without a 20-minute wait. */
  advanceClock(ms: number): void
  /** Stops the server and removes its data dir. */
  close(): Promise<void>
}

export async function newServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-test-'))
  const logLines: string[] = []
  let clockShift = 0
  const start = (port: number) =>
    startServer({
      host: '127.0.0.1',
      staticDir: null,
      logLine: (line) => void logLines.push(line),
      now: () => performance.timeOrigin + performance.now() + clockShift,
      ...options,
      port,
      dataDir,
    })
  const server = await start(0).catch(async (error) => {
    await fs.rm(dataDir, { recursive: true, force: true })
    throw error
  })
  let running: RunningServer | null = server
  const stop = async () => {
    await running?.close()
    running = null
  }
  const close = async () => {
    await stop()
    await fs.rm(dataDir, { recursive: true, force: true })
  }
  afterThisTest(close)
  return {
    server,
    url: server.url,
    wsUrl: server.wsUrl,
    port: server.port,
    dataDir,
    logLines,
    stop,
    async restart() {
      await stop()
      running = await start(server.port)
      return running
    },
    advanceClock(ms) {
      clockShift += ms
    },
    close,
  }
}
