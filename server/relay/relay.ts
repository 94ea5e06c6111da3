/**
 * The relay: accepts sockets, gives each a Connection, and owns what they
 * share — the group-commit batcher, the room fan-out, admission counts, the
 * snapshot staging budget, the readers' budget, peer ids and the clock tick. It never decodes a
 * sealed payload.
 */
import { encodeServerFrame } from '../../shared/frames.ts'
import { CloseCode, SERVICE_RESTART } from '../../shared/protocol.ts'
import { resolveRelayLimits, type RelayLimits } from '../common/policy.ts'
import { ReaderBudget } from '../common/readerBudget.ts'
import { peerIdFor } from '../fanout/peerIds.ts'
import type { Fanout, SharedSeats } from '../fanout/types.ts'
import type { BoardLog, RetiredBoard } from '../log/types.ts'
import { Admission } from './admission.ts'
import { AppendBatcher } from './appendBatcher.ts'
import { Connection } from './connection.ts'
import { CrossProcessCheck } from './crossProcessCheck.ts'
import type { RelayContext, RelayedSocket } from './relayContext.ts'
import { serverTime } from './serverTime.ts'
import { StagingBudget } from './snapshotUpload.ts'
import type { RelaySocket, SocketEvents } from './socket.ts'

export type RelayOptions = {
  log: BoardLog
  /** The fan-out between sockets, which also counts each board's seats across processes. */
  fanout: Fanout & SharedSeats
  limits?: Partial<RelayLimits>
  /** What each address's readers may hold in memory; shared with the history downloads, which count against it too. */
  readers?: ReaderBudget
  logLine: (line: string) => void
  /** The board's clock; the server's own by default. */
  now?: () => number
}

const IGNORED: SocketEvents = { message() {}, closed() {} }

export class Relay {
  readonly #connections = new Set<RelayedSocket>()
  readonly #batcher: AppendBatcher
  readonly #context: RelayContext
  readonly #clockTimer: NodeJS.Timeout
  /** Only with several processes: the fan-out between them may lose events. */
  readonly #crossProcessCheck: CrossProcessCheck | null
  #lastPeerCounter = 0
  #closing = false

  constructor(options: RelayOptions) {
    const limits = resolveRelayLimits(options.limits)
    this.#batcher = new AppendBatcher(options.log, options.logLine)
    const admission = new Admission(limits, options.fanout)
    this.#context = {
      log: options.log,
      fanout: options.fanout,
      batcher: this.#batcher,
      limits,
      admission,
      staging: new StagingBudget(limits),
      readers: options.readers ?? new ReaderBudget(limits.readerBytesPerIp),
      logLine: options.logLine,
      now: options.now ?? serverTime,
      // Increasing, and marked with the process's number: never reused while this process runs, nor by another.
      nextPeerId: () => peerIdFor(options.fanout.processNumber, ++this.#lastPeerCounter),
      forget: (connection) => this.#connections.delete(connection),
      isClosing: () => this.#closing,
    }
    this.#clockTimer = setInterval(() => this.#tellTime(), limits.clockIntervalMs)
    this.#clockTimer.unref()
    this.#crossProcessCheck = options.fanout.lossy
      ? new CrossProcessCheck({
          log: options.log,
          seats: options.fanout,
          admission,
          connections: () => this.#connections,
          logLine: options.logLine,
        })
      : null
    options.fanout.onMaybeMissed(() => void this.#crossProcessCheck?.check(true))
  }

  /** Takes a new socket from `remoteAddress`; the caller feeds the returned events from the real socket. */
  accept(socket: RelaySocket, remoteAddress: string): SocketEvents {
    const refusal = this.#closing ? 'server restarting' : this.#context.admission.admitSocket(remoteAddress)
    if (refusal !== null) {
      socket.close(this.#closing ? SERVICE_RESTART : CloseCode.tooManyConnections, refusal)
      return IGNORED
    }
    const connection = new Connection(socket, this.#context, remoteAddress)
    this.#connections.add(connection)
    return connection
  }

  /**
   * The board was retired: every socket of it, wherever it is connected, is
   * handed the retiring device's sealed note and closed with 4410 when
   * deleted or 4411 when moved.
   */
  boardRetired(boardId: string, { reason, note }: RetiredBoard): void {
    this.#context.fanout.publish(boardId, { type: 'boardRetired', reason, note })
  }

  get connectionCount(): number {
    return this.#connections.size
  }

  /**
   * A graceful restart: stop taking frames, let everything already taken
   * commit and be acked, THEN close every socket with 1012. An ack lost
   * here would make a client push again what is already stored.
   */
  async close(code = SERVICE_RESTART, reason = 'server restarting'): Promise<void> {
    this.#closing = true
    clearInterval(this.#clockTimer)
    this.#crossProcessCheck?.stop()
    await this.#batcher.drain()
    for (const connection of [...this.#connections]) connection.close(code, reason)
  }

  #tellTime(): void {
    const frame = encodeServerFrame({ tag: 'clock', serverTime: this.#context.now() })
    for (const connection of this.#connections) connection.tellTime(frame)
  }
}
