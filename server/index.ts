/**
 * `npm run serve`: reads the configuration from the environment, starts the
 * server and prints one line saying where it listens (tests that start it
 * with PORT=0 read the port from that line). A bad setting prints one line
 * to stderr and exits 1.
 */
import { startServer } from './app.ts'
import { describeServiceUrl } from './common/serviceAddress.ts'
import { ConfigError, parseConfig, startOptionsFrom, type Config } from './config.ts'

function exitWith(reason: string): never {
  process.stderr.write(`common-ground: ${reason}\n`)
  process.exit(1)
}

let config: Config
try {
  config = parseConfig(process.env)
} catch (error) {
  if (error instanceof ConfigError) exitWith(error.message)
  throw error
}

const server = await startServer(startOptionsFrom(config)).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') exitWith(`cannot listen on ${config.host}:${config.port}: the address is in use`)
  if (error.code === 'EACCES') exitWith(`cannot listen on ${config.host}:${config.port}: permission denied`)
  exitWith(`cannot start: ${error.message}`)
})

const storedIn = config.databaseUrl ? `data in PostgreSQL at ${describeServiceUrl(config.databaseUrl, 5432)}` : `data in ${config.dataDir}`
process.stdout.write(`Common Ground listening on ${server.url} (${storedIn}${config.redisUrl ? ', sharing boards through Redis' : ''})\n`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second signal while closing means "now": the log is durable, nothing acked is lost.
    if (stopping) process.exit(1)
    stopping = true
    server.close().then(
      () => process.exit(0),
      (error: Error) => exitWith(`error while closing: ${error.message}`),
    )
  })
}
