/**
 * One process of the scale-out scenario: the same startServer that
 * `npm run serve` calls with DATABASE_URL and REDIS_URL set, the log in
 * PostgreSQL at argv[2] and the fan-out through Redis at argv[3]. Limits
 * lifted as in bench/log/logServer.ts. Speaks serverLines.ts on stdin and stdout,
 * and answers `sql` with the number of statements it has sent PostgreSQL so far.
 */
import { startServer } from '../../server/app.ts'
import { watchPgStatements } from '../../tests/kit/roundTrips.ts'
import { answerBenchLines } from '../harness/serverLines.ts'

const [databaseUrl, redisUrl] = process.argv.slice(2)
if (databaseUrl === undefined || redisUrl === undefined) throw new Error('usage: scaleOutServer.ts DATABASE_URL REDIS_URL')

// Counted for the idle upkeep's round trips (idleUpkeep.ts).
let sqlStatements = 0
watchPgStatements(() => sqlStatements++)

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir: '.', // unused: the log is in PostgreSQL
  staticDir: null,
  databaseUrl,
  redisUrl,
  // Every bench socket comes from 127.0.0.1, many at once; the relay and the cross-process hop are measured, not the per-address bounds.
  limits: { framesPerSecond: 1e9, frameBurst: 1e9, maxUnauthenticatedPerIp: 1e9, maxSocketsPerIp: 1e9 },
  boardLimits: { createsPerHour: 1e9 },
  // Only failures are logged (a lost Redis, a failed append): worth seeing beside a run's figures.
  logLine: (line) => void process.stderr.write(`scale-out server ${process.pid}: ${line}\n`),
})
answerBenchLines(server.port, () => server.close(), { sql: () => sqlStatements })
