/**
 * FOR TESTS ONLY: the real server with one durability fault put in on
 * purpose, so a test can show that its check catches that fault. Never run
 * it with data you care about.
 *
 *   UNSAFE_FAULT=ack-before-commit|synchronous-off PORT=0 DATA_DIR=… \
 *     node --import tsx tests/kit/unsafeServer.ts
 *
 * It reads the usual settings as server/index.ts does (SQLite only) and
 * prints the same listening line on stdout, plus one line on stderr naming
 * its fault.
 *
 * - `ack-before-commit`: the relay gets each batch's seqs as soon as it asks
 *   (the heads it will reach, counted ahead), and the real append follows
 *   ACK_LEAD_MS later, so acks leave before the entries are written.
 * - `synchronous-off`: the SQLite log opens with `synchronous = OFF` (its
 *   `durability: 'none'` option), so a commit is written to the WAL but never
 *   fsynced. It runs on the event loop's thread rather than its own: the
 *   fault is the pragma, not where the log runs.
 */
import { startServer } from '../../server/app.ts'
import { ConfigError, historyRetentionMs, parseConfig, startOptionsFrom, type Config } from '../../server/config.ts'
import { openSqliteBoardLog } from '../../server/log/sqlite.ts'
import { openWorkerBoardLog } from '../../server/log/workerBoardLog.ts'
import type { AppendItem, AppendResult, BoardLog, LogOptions } from '../../server/log/types.ts'

const FAULTS = ['ack-before-commit', 'synchronous-off'] as const
type Fault = (typeof FAULTS)[number]

/** How long after its ack an entry is really appended: long enough to be plain in a trace, short enough to lose on a kill. */
const ACK_LEAD_MS = 50

function exitWith(reason: string): never {
  process.stderr.write(`unsafe-server: ${reason}\n`)
  process.exit(1)
}

/**
 * Acks first, stores later: answers each append with the seqs the real log
 * will assign (every board's head, read once and then counted on), and
 * queues the real append behind the ones before it. A seq the real log then
 * assigns differently is logged, never corrected.
 */
class AckBeforeCommitLog implements BoardLog {
  readonly #heads = new Map<string, number>()
  #backlog: Promise<void> = Promise.resolve()

  constructor(
    private readonly real: BoardLog,
    private readonly logLine: (line: string) => void,
  ) {}

  createBoard = (boardId: string, tokenHash: string) => this.real.createBoard(boardId, tokenHash)
  getBoard = (boardId: string) => this.real.getBoard(boardId)
  readReplay = (boardId: string, knownSeq: number, pageBytes?: number) => this.real.readReplay(boardId, knownSeq, pageBytes)
  readUpdates = (boardId: string, afterSeq: number, throughSeq: number, pageBytes?: number) =>
    this.real.readUpdates(boardId, afterSeq, throughSeq, pageBytes)
  readSnapshotPart = (boardId: string, seq: number, index: number) => this.real.readSnapshotPart(boardId, seq, index)
  listHistory = (boardId: string) => this.real.listHistory(boardId)
  snapshotSize = (boardId: string, seq: number) => this.real.snapshotSize(boardId, seq)
  headSeqs = (boardIds: readonly string[]) => this.real.headSeqs(boardIds)
  tailSize = (boardId: string) => this.real.tailSize(boardId)
  usage = () => this.real.usage()

  async retireBoard(...args: Parameters<BoardLog['retireBoard']>): Promise<boolean> {
    await this.#backlog
    this.#heads.delete(args[0])
    return this.real.retireBoard(...args)
  }

  async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
    // The relay appends one batch at a time, so nothing else moves the heads while they are read.
    const unknown = [...new Set(items.map((item) => item.boardId))].filter((boardId) => !this.#heads.has(boardId))
    for (const [boardId, head] of await this.real.headSeqs(unknown)) this.#heads.set(boardId, head)
    const promised = items.map((item): AppendResult => {
      const head = this.#heads.get(item.boardId)
      if (head === undefined) return { status: 'board-gone' }
      this.#heads.set(item.boardId, head + 1)
      return { status: 'stored', seq: head + 1 }
    })
    // The wait starts now, not behind the backlog: each batch lands about ACK_LEAD_MS after its acks, in order.
    const due = new Promise((resolve) => setTimeout(resolve, ACK_LEAD_MS))
    this.#backlog = this.#backlog
      .then(() => due)
      .then(() => this.real.append(items))
      .then(
        (stored) => {
          if (JSON.stringify(stored) !== JSON.stringify(promised))
            this.logLine(`unsafe-server: acked ${JSON.stringify(promised)} but stored ${JSON.stringify(stored)}`)
        },
        (error: Error) => this.logLine(`unsafe-server: an append already acked failed: ${error.message}`),
      )
    return promised
  }

  async close(): Promise<void> {
    await this.#backlog
    await this.real.close()
  }
}

async function openFaultyLog(fault: Fault, config: Config, logLine: (line: string) => void): Promise<BoardLog> {
  const options: Partial<LogOptions> = { historyRetentionMs: historyRetentionMs(config), maxBoardBytes: config.maxBoardBytes }
  if (fault === 'synchronous-off') return openSqliteBoardLog(config.dataDir, { ...options, durability: 'none' })
  return new AckBeforeCommitLog(await openWorkerBoardLog(config.dataDir, options), logLine)
}

const fault = process.env.UNSAFE_FAULT as Fault
if (!FAULTS.includes(fault))
  exitWith(`UNSAFE_FAULT must be one of ${FAULTS.join(', ')}, not ${JSON.stringify(process.env.UNSAFE_FAULT ?? '')}`)

let config: Config
try {
  config = parseConfig(process.env)
} catch (error) {
  if (error instanceof ConfigError) exitWith(error.message)
  throw error
}
if (config.databaseUrl !== null) exitWith('runs on SQLite only: unset DATABASE_URL')

const logLine = (line: string) => void process.stderr.write(`${line}\n`)
logLine(`unsafe-server: running with the fault ${fault}; acked data may be lost`)
const server = await startServer({
  ...startOptionsFrom(config),
  logLine,
  log: await openFaultyLog(fault, config, logLine),
}).catch((error: Error) => exitWith(`cannot start: ${error.message}`))
process.stdout.write(`Common Ground listening on ${server.url} (data in ${config.dataDir})\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      (error: Error) => exitWith(`error while closing: ${error.message}`),
    )
  })
}
