/**
 * The durable log as the relay uses it: the SQLite log running in a worker
 * thread (sqliteWorker.ts), so a commit's fsync never blocks the event loop.
 * Group commit is unchanged: while one batch is being made durable there,
 * everything pushed meanwhile gathers in the relay's batcher and goes in the
 * next. Every rule of the log holds as on one thread: requests are served in
 * order, and a call resolves only once its transaction is durable.
 *
 * Tail sizes are kept here too, in step with each commit's result, because
 * the relay asks for one on every push and must not wait behind an fsync to
 * get it.
 */
import { Worker } from 'node:worker_threads'
import {
  type AppendItem,
  type AppendResult,
  type BoardLog,
  type BoardRecord,
  type HistoryVersion,
  type LogOptions,
  type Replay,
  type Retirement,
  type SnapshotSize,
  type TailSize,
  type UpdatePage,
} from './types.ts'
import { encodeAppendBatch } from './appendCodec.ts'
import { TailSizes } from './tailSizes.ts'
import type { LogMethod, LogReply, LogRequest } from './sqliteWorker.ts'

type Pending = { resolve(value: unknown): void; reject(error: Error): void }

/** Opens the log in `dataDir` on its own thread; rejects with the reason when the file cannot be opened. */
export async function openWorkerBoardLog(dataDir: string, options: Partial<LogOptions> = {}): Promise<WorkerBoardLog> {
  return new WorkerBoardLog(dataDir, options, await startLogThread(dataDir, options))
}

/**
 * Starts the log's thread on the file in `dataDir` and waits until it has
 * opened it. A clock cannot cross to the thread: each call carries the time
 * instead (LogRequest.now).
 */
export async function startLogThread(dataDir: string, { now: _clock, ...options }: Partial<LogOptions> = {}): Promise<Worker> {
  const fromSources = import.meta.url.endsWith('.ts')
  const entry = new URL(fromSources ? './sqliteWorker.ts' : './sqliteWorker.js', import.meta.url)
  const worker = fromSources
    ? new Worker(new URL('./tsWorkerEntry.mjs', import.meta.url), { workerData: { dataDir, options, entry: entry.href } })
    : new Worker(entry, { workerData: { dataDir, options } })
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (message: { ready?: true; failed?: string }) =>
      message.ready ? resolve() : reject(new Error(message.failed ?? 'the log thread did not start')),
    )
    worker.once('error', reject)
  })
  return worker
}

export class WorkerBoardLog implements BoardLog {
  readonly #pending = new Map<number, Pending>()
  readonly #tails = new TailSizes()
  #nextId = 1
  /** The thread serving calls; null after it died, until the next call starts another. */
  #worker: Promise<Worker> | null
  /** The thread whose death counts: events of one already replaced are ignored. */
  #current: Worker | null = null
  #closed = false

  constructor(
    private readonly dataDir: string,
    private readonly options: Partial<LogOptions>,
    worker: Worker,
  ) {
    this.#worker = Promise.resolve(this.#watch(worker))
  }

  createBoard(boardId: string, tokenHash: string): Promise<'created' | 'exists'> {
    return this.#call('createBoard', boardId, tokenHash)
  }

  getBoard(boardId: string): Promise<BoardRecord | null> {
    return this.#call('getBoard', boardId)
  }

  async retireBoard(boardId: string, reason: Retirement, note: Uint8Array | null = null): Promise<boolean> {
    const retired = await this.#call<boolean>('retireBoard', boardId, reason, note)
    this.#tails.forget(boardId)
    return retired
  }

  readReplay(boardId: string, knownSeq: number, pageBytes?: number): Promise<Replay | null> {
    return this.#call('readReplay', boardId, knownSeq, pageBytes)
  }

  readUpdates(boardId: string, afterSeq: number, throughSeq: number, pageBytes?: number): Promise<UpdatePage | null> {
    return this.#call('readUpdates', boardId, afterSeq, throughSeq, pageBytes)
  }

  readSnapshotPart(boardId: string, seq: number, index: number): Promise<Uint8Array | null> {
    return this.#call('readSnapshotPart', boardId, seq, index)
  }

  listHistory(boardId: string): Promise<HistoryVersion[] | null> {
    return this.#call('listHistory', boardId)
  }

  snapshotSize(boardId: string, seq: number): Promise<SnapshotSize | null> {
    return this.#call('snapshotSize', boardId, seq)
  }

  async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
    const packed = encodeAppendBatch(items)
    const results = await this.#callTransferring<AppendResult[]>('append', [packed.buffer], packed)
    this.#tails.committed(items, results)
    return results
  }

  headSeqs(boardIds: readonly string[]): Promise<Map<string, number>> {
    return this.#call('headSeqs', boardIds)
  }

  tailSize(boardId: string): Promise<TailSize> {
    // Served after every append posted before it, so it counts them; replies to those came first and found no entry here.
    return this.#tails.get(boardId, () => this.#call<TailSize>('tailSize', boardId))
  }

  usage(): Promise<{ boards: number; storedBytes: number }> {
    return this.#call('usage')
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const worker = await this.#worker?.catch(() => null)
    if (!worker) return
    await this.#callOn(worker, 'close')
    await worker.terminate()
  }

  /**
   * Calls the log's thread. A thread that died (a crash, out of memory) takes
   * its in-flight calls with it — they fail, so nothing unstored is acked —
   * and the next call starts a fresh one on the same file.
   */
  async #call<T>(method: LogMethod, ...args: unknown[]): Promise<T> {
    return this.#callTransferring<T>(method, [], ...args)
  }

  /** A call whose `transfer` buffers move to the thread instead of being copied. */
  async #callTransferring<T>(method: LogMethod, transfer: ArrayBuffer[], ...args: unknown[]): Promise<T> {
    if (this.#closed) throw new Error('the log is closed')
    this.#worker ??= startLogThread(this.dataDir, this.options).then((worker) => this.#watch(worker))
    const worker = await this.#worker.catch((error: unknown) => {
      this.#worker = null
      throw error
    })
    return this.#callOn<T>(worker, method, args, transfer)
  }

  #callOn<T>(worker: Worker, method: LogMethod, args: unknown[] = [], transfer: ArrayBuffer[] = []): Promise<T> {
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      worker.postMessage({ id, method, args, now: this.options.now?.() } satisfies LogRequest, transfer)
    })
  }

  #watch(worker: Worker): Worker {
    this.#current = worker
    worker.on('message', (reply: LogReply) => this.#settle(reply))
    worker.on('error', (error) => this.#lost(worker, error))
    worker.on('exit', (code) => this.#lost(worker, new Error(`the log thread exited with code ${code}`)))
    return worker
  }

  #settle(reply: LogReply): void {
    const pending = this.#pending.get(reply.id)
    if (pending === undefined) return
    this.#pending.delete(reply.id)
    if ('error' in reply) pending.reject(new Error(reply.error))
    else pending.resolve(reply.result)
  }

  #lost(worker: Worker, error: Error): void {
    if (worker !== this.#current) return
    this.#current = null
    for (const pending of this.#pending.values()) pending.reject(error)
    this.#pending.clear()
    // Tail sizes are asked afresh of the next thread, which reads them from the file.
    this.#tails.forgetAll()
    this.#worker = null
  }
}
