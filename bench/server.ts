/**
 * One server for the benchmark, in its own process so the load generator
 * does not share its event loop. argv[2] picks the log: `durable` (ours),
 * `per-frame` or `memory` (references). Prints `port N`, answers each
 * `rss` line on stdin with `rss N` (bytes), and serves until stdin closes —
 * so a load generator that dies takes its servers with it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { startServer } from '../server/app.ts'
import { openSqliteBoardLog } from '../server/log/sqlite.ts'
import { MemoryBoardLog, oneTransactionPerFrame } from './memoryLog.ts'

const variant = process.argv[2]
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-bench-'))
const logs = {
  durable: () => openSqliteBoardLog(dataDir),
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
  // The benchmark measures storage and relay, not the per-socket rate limit; and its 40 sockets all connect
  // from 127.0.0.1 at once, past the per-address bound on sockets not yet let in.
  limits: { framesPerSecond: 1e9, frameBurst: 1e9, maxUnauthenticatedPerIp: 1e9 },
  // Its boards are all created from 127.0.0.1 at once; the per-address creation rate is not measured either.
  boardLimits: { createsPerHour: 1e9 },
  logLine: () => {},
})
process.stdout.write(`port ${server.port}\n`)
const commands = readline.createInterface({ input: process.stdin })
commands.on('line', (line) => {
  if (line.trim() === 'rss') process.stdout.write(`rss ${process.memoryUsage().rss}\n`)
})
commands.on('close', async () => {
  await server.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
})
