/**
 * The relay: accepts sockets, gives each a Connection, and owns what they
 * share — the group-commit batcher, the room fan-out, peer ids and the
 * clock tick. It never decodes a sealed payload.
 */
import { encodeServerFrame } from '../../shared/frames.ts'
import type { Fanout } from '../fanout/types.ts'
import type { BoardLog } from '../log/types.ts'
import { AppendBatcher } from './appendBatcher.ts'
import { Connection, type RelayContext } from './connection.ts'
import { resolveLimits, type RelayLimits } from './limits.ts'
import { serverTime } from './serverTime.ts'
import type { RelaySocket, SocketEvents } from './socket.ts'

export type RelayOptions = {
  log: BoardLog
  fanout: Fanout
  limits?: Partial<RelayLimits>
  logLine: (line: string) => void
  /** The board's clock; the server's own by default. */
  now?: () => number
}

export class Relay {
  readonly #connections = new Set<Connection>()
  readonly #batcher: AppendBatcher
  readonly #context: RelayContext
  readonly #clockTimer: NodeJS.Timeout
  #lastPeerId = 0

  constructor(options: RelayOptions) {
    const limits = resolveLimits(options.limits)
    this.#batcher = new AppendBatcher(options.log, options.logLine)
    this.#context = {
      log: options.log,
      fanout: options.fanout,
      batcher: this.#batcher,
      limits,
      logLine: options.logLine,
      now: options.now ?? serverTime,
      // Per process and increasing, so a peer id is never reused for another socket while this process runs.
      nextPeerId: () => ++this.#lastPeerId,
      forget: (connection) => this.#connections.delete(connection),
    }
    this.#clockTimer = setInterval(() => this.#tellTime(), limits.clockIntervalMs)
    this.#clockTimer.unref()
  }

  /** Takes a new socket; the caller feeds the returned events from the real socket. */
  accept(socket: RelaySocket): SocketEvents {
    const connection = new Connection(socket, this.#context)
    this.#connections.add(connection)
    return connection
  }

  /** Closes every socket of a deleted board with 4410, wherever it is connected. */
  boardDeleted(boardId: string): void {
    this.#context.fanout.publish(boardId, { type: 'boardDeleted' })
  }

  get connectionCount(): number {
    return this.#connections.size
  }

  /** Closes every socket, then waits for appends already taken to commit. */
  async close(code = 1012, reason = 'server restarting'): Promise<void> {
    clearInterval(this.#clockTimer)
    for (const connection of [...this.#connections]) connection.close(code, reason)
    await this.#batcher.drain()
  }

  #tellTime(): void {
    // pingId 0 marks an unsolicited pong: no client ping has id 0 pending.
    const frame = encodeServerFrame({ tag: 'pong', pingId: 0, serverTime: this.#context.now() })
    for (const connection of this.#connections) connection.tellTime(frame)
  }
}

