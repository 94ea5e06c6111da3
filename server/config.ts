/**
 * The server's settings, read once from the environment. A setting that is
 * malformed, unknown or not supported yet stops the server at start with a
 * one-line reason: a typo must never silently fall back to a default.
 */
import path from 'node:path'
import type { StartOptions } from './app.ts'
import {
  DEFAULT_BOARD_CREATION_LIMITS,
  DEFAULT_BOARD_STORAGE,
  DEFAULT_RELAY_LIMITS,
  resolveBoardCreationLimits,
  type BoardCreationLimits,
  type RelayLimits,
} from './common/policy.ts'
import { parseAddressRange } from './http/trustedProxies.ts'

/**
 * The relay's limits an operator may change (behind a proxy every client
 * shares one address, say, or a small machine wants a smaller buffer per
 * slow reader). Frame sizes are not among them: they are the wire's, and
 * clients obey them too.
 */
const RELAY_SETTINGS = {
  COMMON_GROUND_MAX_SOCKETS_PER_IP: 'maxSocketsPerIp',
  COMMON_GROUND_MAX_UNAUTHENTICATED_PER_IP: 'maxUnauthenticatedPerIp',
  COMMON_GROUND_MAX_SOCKETS_PER_BOARD: 'maxSocketsPerBoard',
  COMMON_GROUND_SOCKET_BYTES_PER_SECOND: 'documentBytesPerSecond',
  COMMON_GROUND_BOARD_BYTES_PER_SECOND: 'boardBytesPerSecond',
  COMMON_GROUND_SLOW_CONSUMER_BYTES: 'slowConsumerBytes',
  COMMON_GROUND_READER_BYTES_PER_IP: 'readerBytesPerIp',
} as const satisfies Record<string, keyof RelayLimits>

export type Config = {
  port: number
  host: string
  /** Absolute path of the directory that holds the SQLite file. */
  dataDir: string
  /** Absolute path of the built client (Vite's `dist/client/`). */
  staticDir: string
  /** Caps on live boards and stored bytes, and the per-address creation rate (its burst follows the rate). */
  boardLimits: BoardCreationLimits
  /** The relay limits set in the environment; the rest keep their defaults (common/policy.ts). */
  relayLimits: Partial<RelayLimits>
  /** How many days the board's history keeps earlier versions. */
  historyDays: number
  /** Bytes one board may store, its tail, snapshots and history together. */
  maxBoardBytes: number
  /** PostgreSQL instead of the SQLite file; needed to run several processes. */
  databaseUrl: string | null
  /** Redis for the fan-out between several processes; null for one process. */
  redisUrl: string | null
  /** Reverse proxies whose X-Forwarded-For (and X-Forwarded-Host) is believed; empty for none. */
  trustedProxies: string[]
}

/** A setting the server refuses; the message is one line naming the setting. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Prefix reserved for this project's settings, so a misspelt one is caught instead of ignored. */
const OWN_PREFIX = 'COMMON_GROUND_'
/** Settings under OWN_PREFIX this version understands. */
const KNOWN_OWN_SETTINGS = new Set([
  'COMMON_GROUND_MAX_BOARDS',
  'COMMON_GROUND_MAX_STORED_BYTES',
  'COMMON_GROUND_BOARD_CREATES_PER_HOUR',
  'COMMON_GROUND_HISTORY_DAYS',
  'COMMON_GROUND_MAX_BOARD_BYTES',
  ...Object.keys(RELAY_SETTINGS),
])
export function parseConfig(env: Record<string, string | undefined>): Config {
  for (const name of Object.keys(env)) {
    if (name.startsWith(OWN_PREFIX) && !KNOWN_OWN_SETTINGS.has(name)) {
      throw new ConfigError(`unknown setting ${name}`)
    }
  }
  const databaseUrl = parseServiceUrl(
    'DATABASE_URL',
    env.DATABASE_URL,
    ['postgres:', 'postgresql:'],
    'postgres://user:password@host:5432/database',
  )
  const redisUrl = parseServiceUrl('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:'], 'redis://host:6379')
  if (redisUrl !== null && databaseUrl === null) {
    throw new ConfigError('REDIS_URL is set without DATABASE_URL: several processes cannot share one SQLite file; set DATABASE_URL too')
  }
  return {
    port: parsePort(env.PORT),
    host: parseHost(env.HOST),
    dataDir: parseDirectory('DATA_DIR', env.DATA_DIR, './data'),
    staticDir: parseDirectory('STATIC_DIR', env.STATIC_DIR, './dist/client'),
    boardLimits: resolveBoardCreationLimits({
      maxBoards: parseCount('COMMON_GROUND_MAX_BOARDS', env.COMMON_GROUND_MAX_BOARDS, DEFAULT_BOARD_CREATION_LIMITS.maxBoards),
      maxStoredBytes: parseCount(
        'COMMON_GROUND_MAX_STORED_BYTES',
        env.COMMON_GROUND_MAX_STORED_BYTES,
        DEFAULT_BOARD_CREATION_LIMITS.maxStoredBytes,
      ),
      createsPerHour: parseCount(
        'COMMON_GROUND_BOARD_CREATES_PER_HOUR',
        env.COMMON_GROUND_BOARD_CREATES_PER_HOUR,
        DEFAULT_BOARD_CREATION_LIMITS.createsPerHour,
      ),
    }),
    relayLimits: parseRelayLimits(env),
    historyDays: parseCount('COMMON_GROUND_HISTORY_DAYS', env.COMMON_GROUND_HISTORY_DAYS, DEFAULT_BOARD_STORAGE.historyDays),
    maxBoardBytes: parseCount('COMMON_GROUND_MAX_BOARD_BYTES', env.COMMON_GROUND_MAX_BOARD_BYTES, DEFAULT_BOARD_STORAGE.maxBoardBytes),
    databaseUrl,
    redisUrl,
    trustedProxies: parseTrustProxy(env.TRUST_PROXY),
  }
}

/**
 * A service's URL, checked for its scheme and host. The value is never
 * echoed back: it may hold a password, and the error line goes to logs.
 */
function parseServiceUrl(name: string, value: string | undefined, schemes: readonly string[], example: string): string | null {
  if (value === undefined || value === '') return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`${name} is not a URL; it should look like ${example}`)
  }
  if (!schemes.includes(url.protocol)) {
    throw new ConfigError(
      `${name} must start with ${schemes.map((scheme) => `${scheme}//`).join(' or ')}, not ${url.protocol}//; it should look like ${example}`,
    )
  }
  if (url.hostname === '') throw new ConfigError(`${name} names no host; it should look like ${example}`)
  return value
}

function parseRelayLimits(env: Record<string, string | undefined>): Partial<RelayLimits> {
  const limits: Partial<RelayLimits> = {}
  for (const [name, limit] of Object.entries(RELAY_SETTINGS)) {
    if (env[name] !== undefined) limits[limit] = parseCount(name, env[name], DEFAULT_RELAY_LIMITS[limit])
  }
  return limits
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8080
  // Port 0 is allowed: the system picks a free port, which tests rely on.
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not ${JSON.stringify(value)}`)
  }
  return Number(value)
}

/** A positive whole number, digits only: "10GiB", "1e6" or "0" is refused rather than guessed at. */
function parseCount(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const count = Number(value)
  if (!/^\d+$/.test(value) || count < 1 || !Number.isSafeInteger(count)) {
    throw new ConfigError(`${name} must be a positive whole number (digits only, default ${fallback}), not ${JSON.stringify(value)}`)
  }
  return count
}

function parseHost(value: string | undefined): string {
  if (value === undefined) return '127.0.0.1'
  if (!/^[A-Za-z0-9.:%_-]+$/.test(value)) {
    throw new ConfigError(`HOST must be a host name or IP address, not ${JSON.stringify(value)}`)
  }
  return value
}

function parseDirectory(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return path.resolve(fallback)
  if (value.trim() === '') throw new ConfigError(`${name} is empty; unset it to use the default ${fallback}`)
  if (/[\r\n\0]/.test(value)) throw new ConfigError(`${name} contains a line break or NUL character`)
  return path.resolve(value)
}

// --- Reverse proxies (TRUST_PROXY) ---

/**
 * TRUST_PROXY: the addresses or CIDR ranges of the reverse proxies in
 * front of the server, comma-separated ("127.0.0.1,::1"). Every entry must
 * read, since a misread one would either let clients name their own
 * address or count the whole site as one client.
 */
function parseTrustProxy(value: string | undefined): string[] {
  if (value === undefined || value === '') return []
  return value.split(',').map((entry) => {
    // Spaces after the commas are fine; any other whitespace is a typo to report.
    const trimmed = entry.replace(/^ +| +$/g, '')
    if (parseAddressRange(trimmed) === null) {
      const why = trimmed.endsWith('/0') ? 'trusts every address, so any client could name its own' : 'is neither'
      throw new ConfigError(
        `TRUST_PROXY must list proxies' IP addresses or CIDR ranges, comma-separated (e.g. 127.0.0.1,::1 or 10.0.0.0/8); ${JSON.stringify(trimmed)} ${why}`,
      )
    }
    return trimmed
  })
}

/** What `startServer` is given for these settings; the embedder adds the rest (a log of its own, its log line). */
export function startOptionsFrom(config: Config): StartOptions {
  return {
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    staticDir: config.staticDir,
    boardLimits: config.boardLimits,
    limits: config.relayLimits,
    historyRetentionMs: historyRetentionMs(config),
    maxBoardBytes: config.maxBoardBytes,
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    trustedProxies: config.trustedProxies,
  }
}

export function historyRetentionMs(config: Config): number {
  return config.historyDays * 24 * 60 * 60 * 1000
}
