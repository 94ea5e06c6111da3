/**
 * Several servers sharing boards through one PostgreSQL database and one
 * Redis, as an operator runs them behind a balancer: in this process (each
 * with its own pool, Redis connections and process number) for most tests,
 * or as child processes where a test kills one.
 */
import { startServer, type RunningServer, type StartOptions } from '../../../server/app.ts'
import { startServerProcess, type RunningProcess } from '../serverProcess.ts'
import { afterThisTest } from '../teardown.ts'
import type { Services } from './servicesForThisFile.ts'

export type SharedBacking = { databaseUrl: string; redisUrl: string }

export type Cluster = {
  servers: RunningServer[]
  databaseUrl: string
  /** Every line the servers logged, each marked with the server that wrote it. */
  logLines: string[]
  /** Closes every server (one the test closed already is skipped). */
  close(): Promise<void>
}

/**
 * `count` servers in this process on `backing`, started one after another
 * so the first takes the lower process number from Redis. The caller closes
 * them.
 */
export async function startServersSharing(backing: SharedBacking, count = 2, options: Partial<StartOptions> = {}): Promise<Cluster> {
  const logLines: string[] = []
  const servers: RunningServer[] = []
  const close = async () => void (await Promise.all(servers.map((server) => server.close())))
  try {
    for (let i = 0; i < count; i++) {
      servers.push(
        await startServer({
          port: 0,
          host: '127.0.0.1',
          // Unused with a database URL; a path no SQLite file can be made at, so a server that fell back to one fails at start.
          dataDir: '/dev/null/unused',
          staticDir: null,
          databaseUrl: backing.databaseUrl,
          redisUrl: backing.redisUrl,
          logLine: (line) => void logLines.push(`[${i}] ${line}`),
          ...options,
        }),
      )
    }
  } catch (error) {
    await close()
    throw error
  }
  return { servers, databaseUrl: backing.databaseUrl, logLines, close }
}

/** `count` servers on a fresh database of the file's PostgreSQL and its Redis, closed with the test. */
export async function startCluster(services: Services, count = 2, options: Partial<StartOptions> = {}): Promise<Cluster> {
  const databaseUrl = await services.postgres.createDatabase()
  const cluster = await startServersSharing({ databaseUrl, redisUrl: services.redis.url }, count, options)
  afterThisTest(cluster.close)
  return cluster
}

/** A server as its own process on the cluster's database and Redis (killed with the test if still running). */
export function startClusterProcess(services: Services, databaseUrl: string, env: Record<string, string> = {}): Promise<RunningProcess> {
  return startServerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: services.redis.url, ...env })
}
