/**
 * What idle boards cost one server process behind PostgreSQL and Redis:
 * every second it checks the heads and seat shares of every board it has
 * sockets on (server/relay/crossProcessCheck.ts), and renews its liveness.
 * One socket per board, nobody writing; the same process measured with
 * more and more boards open, each count for a while after a pause to
 * settle: its CPU (/proc, all threads), the commands Redis receives
 * (MONITOR; only this process talks to it meanwhile) and the statements
 * the process sends PostgreSQL (its own count, scaleOutServer.ts). Divided
 * by the boards, the round trips must shrink as boards grow: a per-board
 * query would keep them at one or more per board per second.
 */
import { createBoard } from '../../tests/kit/boards.ts'
import type { PostgresServer } from '../../tests/kit/services/postgres.ts'
import type { RedisServer } from '../../tests/kit/services/redis.ts'
import { joinBoard, type RawClient } from '../../tests/kit/rawClient.ts'
import { watchRedisCommands } from '../../tests/kit/roundTrips.ts'
import { cpuSeconds } from '../../tests/kit/procStats.ts'
import { startServerProcess, type ServerProcess } from '../harness/serverProcess.ts'

export type IdleUpkeepShape = {
  /** Boards open on the process at each measurement, growing. */
  boardCounts: readonly number[]
  measureMs: number
  /** After the boards are opened, before measuring: the joins' own queries are done. */
  settleMs: number
  openConcurrency: number
}

export const IDLE_UPKEEP_SHAPE: IdleUpkeepShape = { boardCounts: [100, 2000], measureMs: 10_000, settleMs: 3000, openConcurrency: 50 }

export type IdleUpkeep = {
  boards: number
  /** The measured window, as it lasted. */
  seconds: number
  serverCpuSeconds: number
  redisCommands: number
  sqlStatements: number
}

export async function measureIdleUpkeep(postgres: PostgresServer, redis: RedisServer, shape: IdleUpkeepShape): Promise<IdleUpkeep[]> {
  const databaseUrl = await postgres.createDatabase()
  const server = await startServerProcess('idle upkeep', ['bench/scaleOut/scaleOutServer.ts', databaseUrl, redis.url])
  const clients: RawClient[] = []
  try {
    const results: IdleUpkeep[] = []
    for (const boards of shape.boardCounts) {
      await openIdleBoards(server, boards - clients.length, clients, shape.openConcurrency)
      await delay(shape.settleMs)
      results.push(await measure(server, redis.url, boards, shape.measureMs))
    }
    return results
  } finally {
    for (const client of clients) client.socket.terminate()
    await server.stop()
  }
}

async function openIdleBoards(server: ServerProcess, count: number, clients: RawClient[], concurrency: number): Promise<void> {
  const wsUrl = `ws://127.0.0.1:${server.port}/ws`
  for (let opened = 0; opened < count; opened += concurrency) {
    const joined = await Promise.all(
      Array.from(
        { length: Math.min(concurrency, count - opened) },
        async () => (await joinBoard({ wsUrl }, await createBoard(server))).client,
      ),
    )
    clients.push(...joined)
  }
}

async function measure(server: ServerProcess, redisUrl: string, boards: number, measureMs: number): Promise<IdleUpkeep> {
  let redisCommands = 0
  const stopWatching = await watchRedisCommands(redisUrl, () => redisCommands++)
  const [sqlBefore, cpuBefore, startedAt] = [await server.ask('sql'), cpuSeconds(server.pid), performance.now()]
  await delay(measureMs)
  const [sqlAfter, cpuAfter, endedAt] = [await server.ask('sql'), cpuSeconds(server.pid), performance.now()]
  stopWatching()
  return {
    boards,
    seconds: (endedAt - startedAt) / 1000,
    serverCpuSeconds: cpuAfter - cpuBefore,
    redisCommands,
    sqlStatements: sqlAfter - sqlBefore,
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
