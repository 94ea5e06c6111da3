/**
 * Fan-out between processes over Redis pub/sub: one channel per board,
 * subscribed while a socket of the board is here. Each event is delivered
 * here at once and published for the others; a process drops its own
 * messages when they come back.
 *
 * Pub/sub loses messages while Redis is away (and may reorder messages of
 * different publishers), so it is a hint: sockets order entries by seq and
 * fetch gaps from the log, the relay checks the log's heads (`lossy`), and
 * when Redis comes back everything here catches up (`onMaybeMissed`).
 *
 * Liveness: every second this process sets a key that expires in three,
 * and asks in the same round trip whether the other processes still do.
 * A process killed outright stops renewing it; the peers it held are then
 * told gone here, and its seats stop counting.
 */
import { Redis } from 'ioredis'
import { SERVICE_CONNECT_TIMEOUT_MS } from '../common/policy.ts'
import { describeServiceUrl } from '../common/serviceAddress.ts'
import { decodeProcessMessage, encodeProcessMessage } from './redisEvents.ts'
import { MAX_PROCESS_NUMBER } from './peerIds.ts'
import { aliveKey, RedisSeats } from './redisSeats.ts'
import { RemotePeers } from './remotePeers.ts'
import { Rooms } from './rooms.ts'
import type { Fanout, RoomEvent, RoomMember, SharedSeats } from './types.ts'

const CHANNEL_PREFIX = 'cg:board:'
const PROCESS_COUNTER_KEY = 'cg:process-counter'
export const HEARTBEAT_MS = 1000
/** A process not heard from for this long is dead; three missed heartbeats, so a slow second is not death. */
export const ALIVE_TTL_MS = 3 * HEARTBEAT_MS
/** How long a subscription may take to be confirmed before the join goes on and relies on the head checks. */
const SUBSCRIBE_WAIT_MS = 2000

type Options = { logLine(line: string): void }

/** Connects to Redis at `url` and takes a process number; rejects with a one-line reason. */
export async function openRedisFanout(url: string, options: Options): Promise<RedisFanout> {
  const where = describeServiceUrl(url, 6379)
  let opened = false
  let firstError: unknown = null
  const connect = (role: string, offlineQueue: boolean) => {
    const connection = new Redis(url, {
      lazyConnect: true,
      connectionName: `common-ground-${role}`,
      connectTimeout: SERVICE_CONNECT_TIMEOUT_MS,
      // Fail fast while Redis is away: a lost publish is recovered from the log, a queued one would arrive stale.
      enableOfflineQueue: offlineQueue,
      maxRetriesPerRequest: 1,
      // At start a refusal is the answer (the operator hears why); once running, Redis is waited for.
      retryStrategy: (attempt) => (opened ? Math.min(attempt * 200, 1000) : null),
    })
    // Until the fan-out listens itself: the first error is the reason given, the rest are its echoes.
    connection.on('error', (error: unknown) => void (firstError ??= error))
    return connection
  }
  const publisher = connect('publisher', false)
  // The subscriber queues while away, so a join made then is subscribed once Redis is back.
  const subscriber = connect('subscriber', true)
  try {
    await Promise.all([publisher.connect(), subscriber.connect()])
    const counter = await publisher.incr(PROCESS_COUNTER_KEY)
    const processNumber = ((counter - 1) % MAX_PROCESS_NUMBER) + 1
    await publisher.set(aliveKey(processNumber), '1', 'PX', ALIVE_TTL_MS)
    opened = true
    return new RedisFanout(publisher, subscriber, processNumber, where, options)
  } catch (error) {
    publisher.disconnect()
    subscriber.disconnect()
    throw new Error(`cannot reach Redis at ${where}: ${reasonOf(firstError ?? error)}`, { cause: error })
  }
}

export class RedisFanout implements Fanout, SharedSeats {
  readonly lossy = true
  readonly #rooms = new Rooms()
  readonly #remotePeers = new RemotePeers()
  readonly #seats: RedisSeats
  readonly #missedListeners: (() => void)[] = []
  readonly #heartbeat: NodeJS.Timeout
  /** Redis went away and has not been back since: said once in the log, then quiet. */
  #away = false
  /** Peers of processes that look dead are not expired before this: just after Redis came back, no key is renewed yet. */
  #trustLivenessFrom = 0
  #closed = false

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    readonly processNumber: number,
    private readonly where: string,
    private readonly options: Options,
  ) {
    this.#seats = new RedisSeats(publisher, processNumber)
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#received(channel.toString(), message))
    for (const connection of [publisher, subscriber]) {
      connection.on('error', (error: unknown) => this.#lost(error))
      connection.on('close', () => this.#lost(new Error('connection closed')))
      connection.on('ready', () => void this.#back())
    }
    this.#heartbeat = setInterval(() => void this.#beat(), HEARTBEAT_MS)
    this.#heartbeat.unref()
  }

  async join(boardId: string, member: RoomMember): Promise<void> {
    if (!this.#rooms.add(boardId, member)) return
    const subscribed = this.subscriber.subscribe(CHANNEL_PREFIX + boardId)
    subscribed.catch(() => {})
    // Away: no event can come from anywhere until Redis is back, and then everything here catches up.
    if (this.subscriber.status !== 'ready') return
    await Promise.race([subscribed.catch(() => {}), delay(SUBSCRIBE_WAIT_MS)])
  }

  leave(boardId: string, member: RoomMember): void {
    if (!this.#rooms.remove(boardId, member)) return
    this.#remotePeers.forgetBoard(boardId)
    this.subscriber.unsubscribe(CHANNEL_PREFIX + boardId).catch(() => {})
  }

  publish(boardId: string, event: RoomEvent, except?: RoomMember): void {
    this.#rooms.deliver(boardId, event, except)
    const senderPeerId = except?.peerId ?? (event.type === 'peerLeft' ? event.peerId : null)
    const message = encodeProcessMessage({ origin: this.processNumber, senderPeerId, event })
    // Lost while Redis is away; the others fetch entries from the log and presence is sent again.
    this.publisher.publish(CHANNEL_PREFIX + boardId, Buffer.from(message.buffer, message.byteOffset, message.byteLength)).catch(() => {})
  }

  onMaybeMissed(listener: () => void): void {
    this.#missedListeners.push(listener)
  }

  async takeSeat(boardId: string, maxSeats: number): Promise<{ processes: number } | null> {
    if (this.publisher.status === 'ready') {
      try {
        return await this.#seats.take(boardId, maxSeats)
      } catch {
        // Falls through: counted here only, as with one process.
      }
    }
    this.#seats.takeLocally(boardId)
    return { processes: 1 }
  }

  leaveSeat(boardId: string): void {
    this.#seats.leave(boardId)
  }

  async seatHolders(boardIds: readonly string[]): Promise<Map<string, number>> {
    return this.#seats.holders(boardIds)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#heartbeat)
    if (this.publisher.status === 'ready') {
      await this.#seats.release().catch(() => {})
      await this.publisher.del(aliveKey(this.processNumber)).catch(() => {})
    }
    this.publisher.disconnect()
    this.subscriber.disconnect()
  }

  #received(channel: string, bytes: Buffer): void {
    if (!channel.startsWith(CHANNEL_PREFIX)) return
    const boardId = channel.slice(CHANNEL_PREFIX.length)
    let message
    try {
      message = decodeProcessMessage(bytes)
    } catch (error) {
      return this.options.logLine(`fanout: dropped a message on ${channel} that does not decode: ${reasonOf(error)}`)
    }
    if (message.origin === this.processNumber || !this.#rooms.has(boardId)) return
    const { event, senderPeerId } = message
    if (event.type === 'peerLeft') this.#remotePeers.left(boardId, event.peerId)
    else if (senderPeerId !== null) this.#remotePeers.heard(boardId, senderPeerId)
    this.#rooms.deliver(boardId, event)
  }

  /** Renews this process's liveness and, in the same round trip, asks whether the processes of remote peers heard here still renew theirs. */
  async #beat(): Promise<void> {
    if (this.#closed || this.publisher.status !== 'ready') return
    const processes = Date.now() >= this.#trustLivenessFrom ? [...this.#remotePeers.processes()] : []
    const pipeline = this.publisher.pipeline().set(aliveKey(this.processNumber), '1', 'PX', ALIVE_TTL_MS)
    for (const n of processes) pipeline.exists(aliveKey(n))
    const replies = await pipeline.exec().catch(() => null)
    // Redis is away ('error' said so once), or part of the answer failed: nobody is declared dead on half an answer.
    if (replies === null || replies.some(([error]) => error !== null)) return
    const dead = new Set(processes.filter((_, i) => replies[i + 1]?.[1] === 0))
    if (dead.size === 0) return
    for (const { boardId, peerId } of this.#remotePeers.takePeersOf(dead)) this.#rooms.deliver(boardId, { type: 'peerLeft', peerId })
    this.options.logLine(`fanout: process ${[...dead].join(', ')} stopped renewing its liveness; its peers are gone`)
  }

  #lost(error: unknown): void {
    if (this.#closed || this.#away) return
    this.#away = true
    this.options.logLine(
      `fanout: lost Redis at ${this.where} (${reasonOf(error)}); sockets here keep working, and what other processes commit meanwhile is fetched from the log`,
    )
  }

  async #back(): Promise<void> {
    if (this.#closed || !this.#away || this.publisher.status !== 'ready' || this.subscriber.status !== 'ready') return
    this.#away = false
    this.#trustLivenessFrom = Date.now() + 2 * HEARTBEAT_MS
    try {
      await this.publisher.set(aliveKey(this.processNumber), '1', 'PX', ALIVE_TTL_MS)
      await this.#seats.restore()
      const channels = this.#rooms.boardIds().map((id) => CHANNEL_PREFIX + id)
      if (channels.length > 0) await this.subscriber.subscribe(...channels)
    } catch (error) {
      return this.#lost(error)
    }
    this.options.logLine(`fanout: Redis at ${this.where} is back; catching up every board here from the log`)
    for (const listener of this.#missedListeners) listener()
  }
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string } | null)?.code
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (code === 'ENOTFOUND') return 'host not found'
  if (code === 'ETIMEDOUT') return 'timed out'
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]!
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
