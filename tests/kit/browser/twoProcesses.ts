/**
 * Two servers sharing boards, for the e2e tests of scale-out: started
 * in-process on their own ports by the kit (services/cluster.ts), with one
 * PostgreSQL database (the log) and one Redis (the fan-out between them),
 * serving the built app as fixtures.ts's server does.
 */
import type { Page } from '@playwright/test'
import type { RunningServer } from '../../../server/app.ts'
import { processOfPeer } from '../../../server/fanout/peerIds.ts'
import { startServersSharing, type SharedBacking } from '../services/cluster.ts'
import { onServerFrames } from './boardSocket.ts'
import { BROWSER_TEST_LIMITS } from './fixtures.ts'

export type TwoProcesses = {
  first: RunningServer
  second: RunningServer
  /** Every diagnostic line of both, each marked with the server that wrote it. */
  readonly logLines: string[]
  /** Closes both (one closed already by the test is skipped). */
  close(): Promise<void>
}

export async function startTwoProcesses(backing: SharedBacking): Promise<TwoProcesses> {
  const { servers, logLines, close } = await startServersSharing(backing, 2, { staticDir: 'dist/client', limits: BROWSER_TEST_LIMITS })
  return { first: servers[0]!, second: servers[1]!, logLines, close }
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
  onServerFrames(page, (frame) => {
    if (frame.tag === 'welcome') seen.push(processOfPeer(frame.peerId))
  })
  return seen
}
