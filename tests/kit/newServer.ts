/**
 * The one way integration tests start a server: the real server on port 0
 * (so test files can run side by side) with a real SQLite file in a fresh
 * temp dir, torn down with the test that started it.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { onTestFinished } from 'vitest'
import { startServer, type RunningServer, type StartOptions } from '../../server/app.ts'

export type TestServer = {
  /** The server started first; `restart()` returns its successor. */
  server: RunningServer
  dataDir: string
  /** Lines the server logged, instead of printing them over the test output. */
  logLines: string[]
  /** Starts a new server on the same port and data dir (close the old one first). */
  restart(): Promise<RunningServer>
}

export async function newServer(options: Partial<Omit<StartOptions, 'port' | 'dataDir'>> = {}): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-test-'))
  const logLines: string[] = []
  const start = (port: number) =>
    startServer({
      host: '127.0.0.1',
      staticDir: null,
      logLine: (line) => void logLines.push(line),
      ...options,
      port,
      dataDir,
    })
  const server = await start(0)
  let latest = server
  onTestFinished(async () => {
    await latest.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })
  return {
    server,
    dataDir,
    logLines,
    async restart() {
      latest = await start(server.port)
      return latest
    },
  }
}
