/**
 * What a page's board socket receives, read in the test: the app's own
 * frames, decoded with the protocol's decoder. Listen before the page opens
 * the board (its socket opens with it).
 */
import type { Page } from '@playwright/test'
import { PINGS_IN_FIRST_BURST } from '../../../client/sync/clockPinger.ts'
import { decodeServerFrame, type ServerFrame } from '../../../shared/frames.ts'

/** Calls `heard` with every server frame this page's sockets receive. */
export function onServerFrames(page: Page, heard: (frame: ServerFrame) => void): void {
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') return
      let frame: ServerFrame
      try {
        frame = decodeServerFrame(new Uint8Array(payload))
      } catch {
        return // the protocol's own tests judge frames; here only the ones a test waits for matter
      }
      heard(frame)
    })
  })
}

/**
 * Resolves once the page's first connection has had its first burst of clock
 * pings answered: its estimate of the board's clock is as good as
 * connecting makes it.
 */
export function firstClockBurstAnswered(page: Page): Promise<void> {
  let answered = 0
  return new Promise((resolve) =>
    onServerFrames(page, (frame) => {
      if (frame.tag === 'pong' && ++answered === PINGS_IN_FIRST_BURST) resolve()
    }),
  )
}

/**
 * The longest a page waits before reconnecting: y-websocket's back-off is
 * capped at 5 s (client/sync/connectBoard.ts) and a reconnect after a drop
 * waits up to a second more (client/sync/reconnectJitter.ts).
 */
export const LONGEST_RECONNECT_WAIT_MS = 6_000
