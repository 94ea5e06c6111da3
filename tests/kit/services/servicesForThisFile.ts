/** One PostgreSQL and one Redis for a vitest file: started before its tests, stopped after them. */
import { afterAll, beforeAll } from 'vitest'
import { startPostgres, type PostgresServer } from './postgres.ts'
import { startRedis, type RedisServer } from './redis.ts'

export type Services = { postgres: PostgresServer; redis: RedisServer }

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
