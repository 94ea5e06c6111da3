/**
 * The SQLite log's own thread. better-sqlite3 is synchronous, so a commit —
 * and its fsync — would stall every board if it ran on the event loop; here
 * it stalls only this thread. Requests are served strictly in the order they
 * arrive, so the log behaves exactly as it does on one thread: an append
 * posted before a replay is in that replay.
 *
 * Messages in: { id, method, args }; out: { id, result } or { id, error }.
 * An append's items come packed in one transferred buffer (appendCodec.ts).
 * The first message out is { ready: true } or { failed: reason } once the
 * file is open and migrated.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { decodeAppendBatch } from './appendCodec.ts'
import { openSqliteBoardLog } from './sqlite.ts'
import type { BoardLog, LogOptions } from './types.ts'

/** `now`: the caller's clock when it has one of its own (tests move it), else this thread reads the time itself. */
export type LogRequest = { id: number; method: LogMethod; args: unknown[]; now?: number }
export type LogReply = { id: number; result: unknown } | { id: number; error: string }
export type LogMethod = Exclude<keyof BoardLog, 'close'> | 'close'

const port = parentPort!
let log: BoardLog
let callerNow: number | undefined
try {
  const { dataDir, options } = workerData as { dataDir: string; options: Partial<LogOptions> }
  log = openSqliteBoardLog(dataDir, { ...options, now: () => callerNow ?? Date.now() })
  port.postMessage({ ready: true })
} catch (error) {
  port.postMessage({ failed: error instanceof Error ? error.message : String(error) })
  process.exit(1)
}

port.on('message', async ({ id, method, args, now }: LogRequest) => {
  // The SQLite log does each call's work synchronously, so the clock set here is the one that call reads.
  callerNow = now
  try {
    const result =
      method === 'append'
        ? await log.append(decodeAppendBatch(args[0] as Uint8Array))
        : await (log[method] as (...args: unknown[]) => Promise<unknown>)(...args)
    port.postMessage({ id, result } satisfies LogReply)
    if (method === 'close') port.close()
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies LogReply)
  }
})
