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
import type { AppendItem, AppendResult, BoardLog, BoardRecord, Replay, TailSize } from './types.ts'
import type { LogMethod, LogReply } from './sqliteWorker.ts'

type Pending = { resolve(value: unknown): void; reject(error: Error): void }

/** Opens the log in `dataDir` on its own thread; rejects with the reason when the file cannot be opened. */
export async function openWorkerBoardLog(dataDir: string): Promise<WorkerBoardLog> {
  const fromSources = import.meta.url.endsWith('.ts')
  const entry = new URL(fromSources ? './sqliteWorker.ts' : './sqliteWorker.js', import.meta.url)
  const worker = fromSources
    ? new Worker(new URL('./tsWorkerEntry.mjs', import.meta.url), { workerData: { dataDir, entry: entry.href } })
    : new Worker(entry, { workerData: { dataDir } })
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (message: { ready?: true; failed?: string }) =>
      message.ready ? resolve() : reject(new Error(message.failed ?? 'the log worker did not start')),
    )
    worker.once('error', reject)
  })
  return new WorkerBoardLog(worker)
}

export class WorkerBoardLog implements BoardLog {
  readonly #pending = new Map<number, Pending>()
  readonly #tails = new Map<string, TailSize>()
  #nextId = 1
  #failure: Error | null = null

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: LogReply) => this.#settle(reply))
    // A worker that dies takes its in-flight calls with it: they fail (the relay answers 4503), nothing is acked.
    worker.on('error', (error) => this.#fail(error))
    worker.on('exit', (code) => this.#fail(new Error(`the log worker exited with code ${code}`)))
  }

  createBoard(boardId: string, tokenHash: string): Promise<'created' | 'exists'> {
    return this.#call('createBoard', boardId, tokenHash)
  }

  getBoard(boardId: string): Promise<BoardRecord | null> {
    return this.#call('getBoard', boardId)
  }

  async deleteBoard(boardId: string): Promise<boolean> {
    const deleted = await this.#call<boolean>('deleteBoard', boardId)
    this.#tails.delete(boardId)
    return deleted
  }

  readReplay(boardId: string, knownSeq: number): Promise<Replay | null> {
    return this.#call('readReplay', boardId, knownSeq)
  }

  async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
    const results = await this.#call<AppendResult[]>('append', items)
    items.forEach((item, i) => {
      if (results[i]?.status !== 'stored') return
      // A snapshot keeps some updates; the next push asks the worker for the exact tail.
      if (item.kind === 'snapshot') return void this.#tails.delete(item.boardId)
      const tail = this.#tails.get(item.boardId)
      if (tail) {
        tail.updates += 1
        tail.bytes += item.sealed.byteLength
      }
    })
    return results
  }

  async tailSize(boardId: string): Promise<TailSize> {
    const known = this.#tails.get(boardId)
    if (known) return { ...known }
    // Served after every append posted before it, so it counts them; replies to those came first and found no entry here.
    const tail = await this.#call<TailSize>('tailSize', boardId)
    this.#tails.set(boardId, { ...tail })
    return tail
  }

  usage(): Promise<{ boards: number; storedBytes: number }> {
    return this.#call('usage')
  }

  async close(): Promise<void> {
    if (this.#failure !== null) return
    await this.#call('close')
    await this.worker.terminate()
  }

  #call<T>(method: LogMethod, ...args: unknown[]): Promise<T> {
    if (this.#failure !== null) return Promise.reject(this.#failure)
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.worker.postMessage({ id, method, args })
    })
  }

  #settle(reply: LogReply): void {
    const pending = this.#pending.get(reply.id)
    if (pending === undefined) return
    this.#pending.delete(reply.id)
    if ('error' in reply) pending.reject(new Error(reply.error))
    else pending.resolve(reply.result)
  }

  #fail(error: Error): void {
    this.#failure ??= error
    for (const pending of this.#pending.values()) pending.reject(error)
    this.#pending.clear()
  }
}
