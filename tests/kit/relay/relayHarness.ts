/**
 * A relay over in-memory sockets and an in-memory SQLite log whose answers
 * a test can hold back: the orderings an async store allows. Each relay is
 * closed when its test finishes, after every held answer is let through.
 */
import { deriveBoardKeys, generateBoardId, generateBoardSecret, hashAccessToken } from '../../../shared/crypto.ts'
import { PROTOCOL_VERSION } from '../../../shared/protocol.ts'
import { LocalFanout } from '../../../server/fanout/local.ts'
import type { Fanout, SharedSeats } from '../../../server/fanout/types.ts'
import { SqliteBoardLog } from '../../../server/log/sqlite.ts'
import type { BoardLog, LogOptions } from '../../../server/log/types.ts'
import type { RelayLimits } from '../../../server/common/policy.ts'
import { Relay } from '../../../server/relay/relay.ts'
import { until } from '../waits.ts'
import { DEFAULT_ADDRESS, gate, MemoryClient } from './memorySocket.ts'
import { afterThisTest } from '../teardown.ts'

export type Board = { boardId: string; accessToken: Uint8Array }

/** A log whose next getBoard, readReplay or append answer waits until the test opens its gate. */
export class HeldLog {
  readonly inner: SqliteBoardLog
  #replayHold: Promise<void> = Promise.resolve()
  #replayReadsFirst = true
  #boardHold: Promise<void> = Promise.resolve()
  #appendHold: Promise<void> = Promise.resolve()
  /** Every gate ever handed out, so teardown can open them all. */
  readonly #gates: Array<() => void> = []
  appendCalls = 0

  constructor(options?: Partial<LogOptions>) {
    this.inner = new SqliteBoardLog(':memory:', options)
  }

  /** 'read-first': the replay is read now and answered later; 'wait-first': read only once opened. */
  holdNextReplay(order: 'read-first' | 'wait-first'): () => void {
    this.#replayHold = this.#gate()
    this.#replayReadsFirst = order === 'read-first'
    return this.#gates.at(-1)!
  }

  /** Holds every append until the returned function is called. */
  holdAppends(): () => void {
    this.#appendHold = this.#gate()
    return this.#gates.at(-1)!
  }

  holdNextBoardLookup(): () => void {
    this.#boardHold = this.#gate()
    return this.#gates.at(-1)!
  }

  openAllGates(): void {
    for (const open of this.#gates) open()
  }

  #gate(): Promise<void> {
    const { opened, open } = gate()
    this.#gates.push(open)
    return opened
  }

  readonly log: BoardLog = {
    createBoard: (id, hash) => this.inner.createBoard(id, hash),
    getBoard: async (id) => {
      const hold = this.#boardHold
      this.#boardHold = Promise.resolve()
      await hold
      return this.inner.getBoard(id)
    },
    retireBoard: (id, reason, note) => this.inner.retireBoard(id, reason, note),
    listHistory: (id) => this.inner.listHistory(id),
    headSeqs: (ids) => this.inner.headSeqs(ids),
    snapshotSize: (id, seq) => this.inner.snapshotSize(id, seq),
    readSnapshotPart: (id, seq, index) => this.inner.readSnapshotPart(id, seq, index),
    readUpdates: (id, afterSeq, throughSeq, pageBytes) => this.inner.readUpdates(id, afterSeq, throughSeq, pageBytes),
    readReplay: async (id, knownSeq, pageBytes) => {
      const hold = this.#replayHold
      this.#replayHold = Promise.resolve()
      if (!this.#replayReadsFirst) await hold
      const replay = await this.inner.readReplay(id, knownSeq, pageBytes)
      await hold
      return replay
    },
    append: async (items) => {
      this.appendCalls += 1
      await this.#appendHold
      return this.inner.append(items)
    },
    tailSize: (id) => this.inner.tailSize(id),
    usage: () => this.inner.usage(),
    close: () => this.inner.close(),
  }
}

export async function setUp(
  options: { limits?: Partial<RelayLimits>; fanout?: Fanout & SharedSeats; logOptions?: Partial<LogOptions> } = {},
) {
  const held = new HeldLog(options.logOptions)
  const logLines: string[] = []
  const relay = new Relay({
    log: held.log,
    fanout: options.fanout ?? new LocalFanout(),
    limits: options.limits,
    logLine: (line) => void logLines.push(line),
  })
  afterThisTest(async () => {
    held.openAllGates()
    await relay.close()
    await held.inner.close()
  })
  return { relay, held, logLines, board: await newBoard(held) }
}

/** A board in the log, with the access token a client proves itself with. */
export async function newBoard(held: HeldLog): Promise<Board> {
  const boardId = generateBoardId()
  const { accessToken } = await deriveBoardKeys(boardId, generateBoardSecret())
  await held.inner.createBoard(boardId, await hashAccessToken(accessToken))
  return { boardId, accessToken }
}

export function hello(client: MemoryClient, board: Board, knownSeq = 0): void {
  client.send({ tag: 'hello', version: PROTOCOL_VERSION, boardId: board.boardId, accessToken: board.accessToken, knownSeq })
}

/** Connects and says hello, resolving once the replay is done. */
export async function join(relay: Relay, board: Board, options: { knownSeq?: number; address?: string } = {}): Promise<MemoryClient> {
  const client = MemoryClient.connect(relay, options.address ?? DEFAULT_ADDRESS)
  hello(client, board, options.knownSeq)
  await until(() => client.framesOf('replayDone').length === 1 || client.closedWith !== null, 'replayDone')
  return client
}

/** Pushes updates one after another, each acked before the next. */
export async function pushUpdates(client: MemoryClient, count: number, firstRef = 1): Promise<void> {
  for (let ref = firstRef; ref < firstRef + count; ref++) {
    client.send({ tag: 'pushUpdate', ref, sealed: sealed(ref) })
    await until(() => client.framesOf('ack').some((ack) => ack.ref === ref), `the ack of ${ref}`)
  }
}

export const sealed = (n: number, length = 3) => new Uint8Array(length).fill(n)

export type SnapshotPost = { ref: number; coversSeq: number; parts: Uint8Array[]; carriesChanges?: boolean; keepSeqs?: number[] }

/** Sends a beginSnapshot and its parts in order. */
export function postSnapshot(client: MemoryClient, { ref, coversSeq, parts, carriesChanges = false, keepSeqs = [] }: SnapshotPost): void {
  client.send({ tag: 'beginSnapshot', ref, coversSeq, partCount: parts.length, carriesChanges, keepSeqs })
  parts.forEach((bytes, index) => client.send({ tag: 'snapshotPart', ref, index, bytes }))
}
