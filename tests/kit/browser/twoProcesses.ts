/**
 * Several server processes sharing boards, for the e2e tests of scale-out:
 * two real servers started in-process on their own ports, with one
 * PostgreSQL database (the log) and one Redis (the fan-out between them),
 * serving the built app from dist/client/ as fixtures.ts's server does.
 */
import type { Page } from '@playwright/test'
import { decodeServerFrame } from '../../../shared/frames.ts'
import { processOfPeer } from '../../../server/fanout/peerIds.ts'
import { startServer, type RunningServer } from '../../../server/app.ts'

export type SharedBacking = { databaseUrl: string; redisUrl: string }

export type TwoProcesses = {
  first: RunningServer
  second: RunningServer
  /** Every diagnostic line of both processes, each marked with the process that wrote it. */
  readonly logLines: string[]
  /** Closes both (a process closed already by the test is skipped). */
  close(): Promise<void>
}

/** Starts the two processes one after the other, so the first takes the lower process number from Redis. */
export async function startTwoProcesses(backing: SharedBacking): Promise<TwoProcesses> {
  const logLines: string[] = []
  const start = (name: string) =>
    startServer({
      port: 0,
      host: '127.0.0.1',
      // Unused with a database URL; a path no SQLite file can be made at, so a process that fell back to one fails at start.
      dataDir: '/dev/null/unused',
      staticDir: 'dist/client',
      databaseUrl: backing.databaseUrl,
      redisUrl: backing.redisUrl,
      logLine: (line) => logLines.push(`[${name}] ${line}`),
      // Clock frames every half second, as in fixtures.ts, so screens follow the board's clock closely.
      limits: { clockIntervalMs: 500 },
    })
  const first = await start('process 1')
  const second = await start('process 2').catch(async (error) => {
    await first.close()
    throw error
  })
  return {
    first,
    second,
    logLines,
    async close() {
      await Promise.all([first.close(), second.close()])
    },
  }
}

/** The same invite link (board id and secret) at another process's origin. */
export function atOrigin(link: string, origin: string): string {
  const { pathname, hash } = new URL(link)
  return `${origin}${pathname}${hash}`
}

/**
 * Which process served each of this page's board connections, in order: the
 * number in the high bits of the peer id its welcome frame gave. Call before
 * the page opens the board. Behind a balancer, this tells which process a
 * device landed on, which the screen rightly does not show.
 */
export function servingProcesses(page: Page): number[] {
  const seen: number[] = []
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') return
      let frame
      try {
        frame = decodeServerFrame(new Uint8Array(payload))
      } catch {
        return // the protocol's own tests judge frames; here only welcomes matter
      }
      if (frame.tag === 'welcome') seen.push(processOfPeer(frame.peerId))
    })
  })
  return seen
}
