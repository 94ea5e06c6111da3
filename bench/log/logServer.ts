/**
 * One server for the benchmark, in its own process so the load generator
 * does not share its event loop. argv[2] picks the log: `durable` (ours:
 * whatever log the server opens by default, so the bench follows what
 * production runs: SQLite on its own thread), `in-thread` (the same SQLite
 * log on the event loop, as it was before), `per-frame` or `memory`
 * (references). Speaks serverLines.ts on stdin and stdout.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from '../../server/app.ts'
import { openSqliteBoardLog } from '../../server/log/sqlite.ts'
import { MemoryBoardLog, oneTransactionPerFrame } from './memoryLog.ts'
import { answerBenchLines } from '../harness/serverLines.ts'

const variant = process.argv[2]
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-bench-'))
const logs = {
  durable: () => undefined,
  'in-thread': () => openSqliteBoardLog(dataDir),
  'per-frame': () => oneTransactionPerFrame(openSqliteBoardLog(dataDir)),
  memory: () => new MemoryBoardLog(),
} as const
if (!(variant in logs)) throw new Error(`unknown variant ${variant}`)

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  staticDir: null,
  log: logs[variant as keyof typeof logs](),
  // The benchmark measures storage and relay, not the per-socket rate limit; and its sockets (2,000 in the
  // idle-boards scenario) all come from 127.0.0.1, many at once, past the per-address bounds. Byte limits stay.
  limits: { framesPerSecond: 1e9, frameBurst: 1e9, maxUnauthenticatedPerIp: 1e9, maxSocketsPerIp: 1e9 },
  // Its boards are all created from 127.0.0.1 at once; the per-address creation rate is not measured either.
  boardLimits: { createsPerHour: 1e9 },
  logLine: () => {},
})
answerBenchLines(server.port, async () => {
  await server.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})
