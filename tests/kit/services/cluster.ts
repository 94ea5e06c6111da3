/**
 * Several real server processes' worth of servers sharing one PostgreSQL
 * database and one Redis, as an operator runs them. In-process servers
 * (each with its own pool, Redis connections and process number) for most
 * tests; child processes where a test kills one.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, onTestFinished } from 'vitest'
import { startServer, type RunningServer, type StartOptions } from '../../../server/app.ts'
import { startPostgres, type PostgresServer } from './postgres.ts'
import { startRedis, type RedisServer } from './redis.ts'
import { startServerProcess, type RunningProcess } from '../serverProcess.ts'

export type Services = { postgres: PostgresServer; redis: RedisServer }

/** One PostgreSQL and one Redis for the calling test file: started before its tests, stopped after them. */
export function servicesForThisFile(): Services {
  const services = {} as Services
  beforeAll(async () => {
    ;[services.postgres, services.redis] = await Promise.all([startPostgres(), startRedis()])
  })
  afterAll(async () => {
    await Promise.all([services.postgres?.destroy(), services.redis?.destroy()])
  })
  return services
}

export type Cluster = {
  servers: RunningServer[]
  databaseUrl: string
  /** Lines every server logged, each prefixed with its index. */
  logLines: string[]
}

/** `count` servers on a fresh database, closed with the test. */
export async function startCluster(services: Services, count = 2, options: Partial<StartOptions> = {}): Promise<Cluster> {
  const databaseUrl = await services.postgres.createDatabase()
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-cluster-'))
  const logLines: string[] = []
  const servers: RunningServer[] = []
  onTestFinished(async () => {
    await Promise.all(servers.map((server) => server.close()))
    await fs.rm(dataDir, { recursive: true, force: true })
  })
  for (let i = 0; i < count; i++) {
    servers.push(
      await startServer({
        port: 0,
        host: '127.0.0.1',
        dataDir,
        staticDir: null,
        databaseUrl,
        redisUrl: services.redis.url,
        logLine: (line) => void logLines.push(`[${i}] ${line}`),
        ...options,
      }),
    )
  }
  return { servers, databaseUrl, logLines }
}

/** A server as its own process on the cluster's database and Redis (killed with the test if still running). */
export function startClusterProcess(services: Services, databaseUrl: string, env: Record<string, string> = {}): Promise<RunningProcess> {
  return startServerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: services.redis.url, ...env })
}
