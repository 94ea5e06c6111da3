/**
 * The connection pool behind the PostgreSQL log. Opening it connects once and
 * migrates the schema, so a server that cannot reach its database, or finds
 * one from a newer server, stops at start with one line saying why; that line
 * names the host and port, never the URL (it holds the password).
 */
import pg from 'pg'
import { SERVICE_CONNECT_TIMEOUT_MS } from '../common/policy.ts'
import { describeServiceUrl } from '../common/serviceAddress.ts'
import { migratePostgres } from './postgresSchema.ts'

const POOL_SIZE = 10
const INT8_OID = 20

function parseDatabaseUrl(databaseUrl: string): URL {
  let url: URL | null = null
  try {
    url = new URL(databaseUrl)
  } catch {
    // Reported below without the text, which may hold a password.
  }
  if (url === null || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')) {
    throw new Error('the PostgreSQL URL is malformed: expected postgres://user:password@host:port/database')
  }
  return url
}

/** Why a connection could not be made, in a few words. */
function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string }
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'no such host',
    EAI_AGAIN: 'no such host (DNS lookup failed)',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: `no answer within ${SERVICE_CONNECT_TIMEOUT_MS / 1000} s`,
  }
  if (code !== undefined && reasons[code] !== undefined) return reasons[code]
  if (/timeout/i.test(message ?? '')) return reasons.ETIMEDOUT!
  // PostgreSQL's own refusals ("password authentication failed for user ...") name no secret.
  return (message ?? String(error)).split('\n')[0]!
}

/**
 * Every int8 (seqs, times, counts) comes back as a JS number: seqs and sizes
 * stay far below 2^53. Set on this pool only, not on pg's global parsers.
 */
function numbersForInt8(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides()
  types.setTypeParser(INT8_OID, Number)
  return types
}

/**
 * A pool whose every connection commits synchronously, whatever the server's
 * or the database's default: a commit is on disk before the log acks it. A
 * URL's own `options` would replace the pool's, so they are joined, ours last.
 */
function createPool(url: URL, logLine: (line: string) => void): pg.Pool {
  const urlOptions = url.searchParams.get('options')
  const withoutOptions = new URL(url)
  withoutOptions.searchParams.delete('options')
  const pool = new pg.Pool({
    connectionString: withoutOptions.href,
    options: [urlOptions, '-c synchronous_commit=on'].filter(Boolean).join(' '),
    connectionTimeoutMillis: SERVICE_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    max: POOL_SIZE,
    types: numbersForInt8(),
  })
  // An idle connection that breaks (the database restarted) is dropped by the pool, which
  // reconnects on the next query; unhandled, the event would end the process.
  pool.on('error', (error) => logLine(`postgres: an idle connection failed: ${reasonOf(error)}`))
  return pool
}

/** A pool on a reachable database with this server's schema; rejects with one line otherwise. */
export async function openPostgresPool(databaseUrl: string, logLine: (line: string) => void): Promise<pg.Pool> {
  const url = parseDatabaseUrl(databaseUrl)
  const pool = createPool(url, logLine)
  try {
    const client = await pool.connect().catch((error: unknown) => {
      throw new Error(`cannot reach PostgreSQL at ${describeServiceUrl(url, 5432)}: ${reasonOf(error)}`)
    })
    try {
      await migratePostgres(client)
    } finally {
      client.release()
    }
    return pool
  } catch (error) {
    await pool.end().catch(() => {})
    throw error
  }
}
