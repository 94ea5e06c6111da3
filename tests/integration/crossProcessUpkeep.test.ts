/**
 * With Redis, a process checks every second the heads and seat shares of
 * every board it has sockets on. That upkeep must cost a fixed number of
 * Redis commands and SQL statements per second, however many boards are
 * open here: counted as Redis and PostgreSQL see them (MONITOR; every
 * statement pg sends), with a few boards and with 300.
 */
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { startCluster } from '../kit/services/cluster.ts'
import { servicesForThisFile } from '../kit/services/servicesForThisFile.ts'
import { BOARDS_PER_CALL } from '../../server/common/boardBatches.ts'
import { aliveKey, RedisSeats, seatsKey } from '../../server/fanout/redisSeats.ts'
import { createBoard, type ServerAddress } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { watchPgStatements, watchRedisCommands } from '../kit/roundTrips.ts'

const services = servicesForThisFile()

/** Long enough for three or four checks; the counts are per check, so the exact number does not matter. */
const WINDOW_MS = 3500
/** Every local board's head, in one statement: postgres.ts's headSeqs. It marks each check. */
const HEAD_QUERY = 'FROM boards WHERE id = ANY('

type Upkeep = { checks: number; redisCommands: string[]; sqlStatements: string[] }

/** Counts what this process sends Redis and PostgreSQL for WINDOW_MS. */
async function countUpkeep(redisUrl: string): Promise<Upkeep> {
  const redisCommands: string[] = []
  const sqlStatements: string[] = []
  const stopRedis = await watchRedisCommands(redisUrl, (command) => redisCommands.push(command))
  const stopPg = watchPgStatements((text) => sqlStatements.push(text))
  try {
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS))
  } finally {
    stopPg()
    stopRedis()
  }
  return { checks: sqlStatements.filter((text) => text.includes(HEAD_QUERY)).length, redisCommands, sqlStatements }
}

async function openIdleBoards(server: ServerAddress & { wsUrl: string }, count: number): Promise<void> {
  const inParallel = 25
  for (let start = 0; start < count; start += inParallel) {
    await Promise.all(
      Array.from({ length: Math.min(inParallel, count - start) }, async () => {
        const board = await createBoard(server)
        await joinBoard(server, board)
      }),
    )
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1500))

describe('the once-a-second upkeep of a process', () => {
  it('costs the same Redis commands and SQL statements per check with 300 boards open here as with 3', { timeout: 120_000 }, async () => {
    const { servers } = await startCluster(services, 1, {
      // Every socket here comes from 127.0.0.1.
      limits: { maxSocketsPerIp: 1e9, maxUnauthenticatedPerIp: 1e9 },
      boardLimits: { createsPerHour: 1e9 },
    })
    const server = servers[0]!

    await openIdleBoards(server, 3)
    await settle()
    const few = await countUpkeep(services.redis.url)
    await openIdleBoards(server, 297)
    await settle()
    const many = await countUpkeep(services.redis.url)

    for (const upkeep of [few, many]) {
      expect(upkeep.checks).toBeGreaterThanOrEqual(2)
      // Idle boards: the head check is the only statement.
      expect(upkeep.sqlStatements.length).toBe(upkeep.checks)
    }
    const perCheck = (upkeep: Upkeep) => upkeep.redisCommands.length / upkeep.checks
    // One seat-share script and one heartbeat per second (which of them falls in the window moves the figure by less than one).
    expect(perCheck(many)).toBeLessThan(perCheck(few) + 1)
    expect(perCheck(many)).toBeLessThanOrEqual(3)
    expect(new Set(many.redisCommands)).toEqual(new Set(few.redisCommands))
  })
})

describe('seat holders asked for many boards at once', () => {
  it('counts live holders on each board across batches, and drops the seats of a dead process', async () => {
    const redis = new Redis(services.redis.url)
    try {
      // Numbers no server of this file takes: this process, another one alive, one that died.
      const [me, alive, dead] = [9001, 9002, 9003]
      const boardIds = Array.from({ length: BOARDS_PER_CALL + 2 }, (_, i) => `upkeep-${i}-${Math.random().toString(36).slice(2)}`)
      const straddling = [BOARDS_PER_CALL - 1, BOARDS_PER_CALL]
      const write = redis.pipeline().set(aliveKey(me), '1').set(aliveKey(alive), '1').del(aliveKey(dead))
      boardIds.forEach((id, i) => {
        if (i !== 5) write.hset(seatsKey(id), String(me), 1)
        if (straddling.includes(i)) write.hset(seatsKey(id), String(alive), 2)
        if (i === 0) write.hset(seatsKey(id), String(dead), 3)
        if (i === 1) write.hset(seatsKey(id), String(alive), 0)
      })
      await write.exec()

      const holders = await new RedisSeats(redis, me).holders(boardIds)

      const expected = new Map(boardIds.map((id, i) => [id, straddling.includes(i) ? 2 : 1]))
      expect(holders).toEqual(expected)
      // The dead process's seats are gone; a live process holding none still has its field.
      expect(await redis.hgetall(seatsKey(boardIds[0]!))).toEqual({ [me]: '1' })
      expect(await redis.hgetall(seatsKey(boardIds[1]!))).toEqual({ [me]: '1', [alive]: '0' })
    } finally {
      redis.disconnect()
    }
  })
})
