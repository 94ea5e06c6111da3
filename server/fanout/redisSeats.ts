/**
 * Seats on a board across processes, in one Redis hash per board: field =
 * process number, value = that process's sockets on the board. A process
 * whose liveness key has expired (it died) no longer counts, and its field
 * is dropped by whoever finds it. Each step is one Lua script, so two
 * processes admitting the board's last seat at once cannot both win. The
 * relay's once-a-second question (who holds each board here) is one script
 * for many boards.
 */
import type { Redis } from 'ioredis'
import { inBoardBatches } from '../common/boardBatches.ts'

export const seatsKey = (boardId: string) => `cg:seats:${boardId}`
export const aliveKey = (processNumber: number) => `cg:alive:${processNumber}`
const ALIVE_PREFIX = 'cg:alive:'
/** A board's hash outlives a forgotten field by a day at most. */
const SEATS_TTL_MS = 24 * 60 * 60 * 1000

/**
 * A Lua function: sums the seats of live processes on `key` (dropping dead ones);
 * returns total, processes holding seats. `alive` caches each process's
 * liveness for the rest of the script, so many boards cost one EXISTS per
 * process, not per board.
 */
const COUNT_LIVE = `
local function countLive(key, me, alivePrefix, alive)
  local total, processes = 0, 0
  local holders = redis.call('HGETALL', key)
  for i = 1, #holders, 2 do
    local holder, count = holders[i], tonumber(holders[i + 1])
    if holder ~= me and alive[holder] == nil then alive[holder] = redis.call('EXISTS', alivePrefix .. holder) == 1 end
    if holder ~= me and not alive[holder] then
      redis.call('HDEL', key, holder)
    elseif count > 0 then
      total = total + count
      processes = processes + 1
    end
  end
  return total, processes
end
`

/** KEYS[1] seats hash; ARGV: process, alive prefix, max seats, ttl. Returns {1|0, processes}. */
const TAKE_SEAT = `${COUNT_LIVE}
local total, processes = countLive(KEYS[1], ARGV[1], ARGV[2], {})
if total >= tonumber(ARGV[3]) then return {0, processes} end
local mine = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if mine == 1 then processes = processes + 1 end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {1, processes}
`

/** KEYS: the seats hashes of many boards; ARGV: process, alive prefix. Returns, per key, the number of live processes holding seats. */
const HOLDERS = `${COUNT_LIVE}
local alive, counts = {}, {}
for k = 1, #KEYS do
  local _, processes = countLive(KEYS[k], ARGV[1], ARGV[2], alive)
  counts[k] = processes
end
return counts
`

type SeatCommands = {
  cgTakeSeat(key: string, processNumber: string, alivePrefix: string, max: string, ttl: string): Promise<[number, number]>
  /** The number of keys first (the script takes any number), then the keys, then the process and the alive prefix. */
  cgSeatHolders(keyCount: number, ...keysThenArgs: string[]): Promise<number[]>
}

export class RedisSeats {
  readonly #redis: Redis & SeatCommands
  /** This process's seats per board, so they can be written again after Redis restarts empty. */
  readonly #mine = new Map<string, number>()

  constructor(
    redis: Redis,
    private readonly processNumber: number,
  ) {
    redis.defineCommand('cgTakeSeat', { numberOfKeys: 1, lua: TAKE_SEAT })
    // No numberOfKeys: each call says how many boards it names.
    redis.defineCommand('cgSeatHolders', { lua: HOLDERS })
    this.#redis = redis as Redis & SeatCommands
  }

  /** Null when the board is full across processes; throws when Redis cannot be asked. */
  async take(boardId: string, maxSeats: number): Promise<{ processes: number } | null> {
    const [taken, processes] = await this.#redis.cgTakeSeat(
      seatsKey(boardId),
      String(this.processNumber),
      ALIVE_PREFIX,
      String(maxSeats),
      String(SEATS_TTL_MS),
    )
    if (taken === 0) return null
    this.#mine.set(boardId, (this.#mine.get(boardId) ?? 0) + 1)
    return { processes }
  }

  /** Counted locally when Redis cannot be asked: the seat is held here either way. */
  takeLocally(boardId: string): void {
    this.#mine.set(boardId, (this.#mine.get(boardId) ?? 0) + 1)
  }

  leave(boardId: string): void {
    const left = (this.#mine.get(boardId) ?? 1) - 1
    if (left > 0) this.#mine.set(boardId, left)
    else this.#mine.delete(boardId)
    const key = seatsKey(boardId)
    const field = String(this.processNumber)
    const write = left > 0 ? this.#redis.hset(key, field, left) : this.#redis.hdel(key, field)
    // Unreachable Redis: restore() writes the right count when it is back.
    write.catch(() => {})
  }

  /** How many live processes hold seats on each board: one script per BOARDS_PER_CALL boards, all sent at once. */
  async holders(boardIds: readonly string[]): Promise<Map<string, number>> {
    const me = String(this.processNumber)
    const batches = inBoardBatches(boardIds)
    const counts = await Promise.all(batches.map((ids) => this.#redis.cgSeatHolders(ids.length, ...ids.map(seatsKey), me, ALIVE_PREFIX)))
    const holders = new Map<string, number>()
    batches.forEach((ids, b) => ids.forEach((id, i) => holders.set(id, Math.max(1, counts[b]![i] ?? 1))))
    return holders
  }

  /** After Redis came back (possibly empty): writes this process's counts again. */
  async restore(): Promise<void> {
    const pipeline = this.#redis.pipeline()
    for (const [boardId, count] of this.#mine) {
      pipeline.hset(seatsKey(boardId), String(this.processNumber), count)
      pipeline.pexpire(seatsKey(boardId), SEATS_TTL_MS)
    }
    await pipeline.exec()
  }

  /** On a graceful stop: this process's seats are no longer held. */
  async release(): Promise<void> {
    const pipeline = this.#redis.pipeline()
    for (const boardId of this.#mine.keys()) pipeline.hdel(seatsKey(boardId), String(this.processNumber))
    this.#mine.clear()
    await pipeline.exec()
  }
}
