/**
 * What a server sends its database and Redis, counted for tests and benches
 * that bound round trips: every statement any pg.Client of this process
 * sends, and every command Redis receives from any client (MONITOR), not
 * counting those a Lua script runs inside Redis, which cross no network.
 */
import { Redis } from 'ioredis'
import pg from 'pg'

/** Calls `seen` with each statement's text until the returned function is called. */
export function watchPgStatements(seen: (text: string) => void): () => void {
  const query = pg.Client.prototype.query
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    seen(typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '?'))
    return (query as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof query
  return () => void (pg.Client.prototype.query = query)
}

/** Calls `seen` with each command's name (lower case) that clients send Redis at `url`, until the returned function is called. */
export async function watchRedisCommands(url: string, seen: (command: string) => void): Promise<() => void> {
  // monitor() opens a second connection for the MONITOR stream; both are closed when done.
  const redis = new Redis(url)
  const monitor = await redis.monitor()
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source !== 'lua') seen(args[0]!.toLowerCase())
  })
  return () => {
    monitor.disconnect()
    redis.disconnect()
  }
}
