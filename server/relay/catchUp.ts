/**
 * Fetching from the log what an open socket lacks. Between processes the
 * fan-out may lose or reorder an entry, so a socket catches up when an
 * entry that came early still waits for the ones before it after
 * GAP_WAIT_MS, or when the relay finds the board's head ahead of it
 * (crossProcessCheck.ts). A catch-up is a small replay: live events are
 * held back while it is sent (entryFeed.ts), so nothing goes twice or out
 * of order. One runs at a time, and it reads up to the head, so asking
 * again meanwhile changes nothing.
 */
import type { EntryFeed } from './entryFeed.ts'
import type { ReplayEnd } from './replaySender.ts'

/** How long an entry that came early waits for the ones before it before they are fetched from the log. */
export const GAP_WAIT_MS = 50

/** What a catch-up needs from its socket. */
export type CatchUpSocket = {
  feed: EntryFeed
  isOpen(): boolean
  /** Reads the log past `knownSeq` and sends it at the pace the socket takes it (replaySender.ts). */
  sendFromLog(knownSeq: number): Promise<ReplayEnd>
  /** Everything up to `headSeq` was sent: the held-back events go out. */
  release(headSeq: number): void
  /** The read did not get through: the socket closes with the code that says why. */
  ended(end: Exclude<ReplayEnd, { kind: 'sent' }>): Promise<void>
  fail(error: unknown): void
}

export class CatchUp {
  #running = false
  #gapTimer: NodeJS.Timeout | null = null

  constructor(private readonly socket: CatchUpSocket) {}

  /** The log's head is at `headSeq`: fetches what the socket lacks up to it. */
  toHead(headSeq: number): void {
    if (this.socket.feed.last < headSeq) void this.#run()
  }

  /** An entry came early: what it waits for is fetched unless it arrives within GAP_WAIT_MS. */
  gapSeen(): void {
    if (this.#gapTimer !== null) return
    this.#gapTimer = setTimeout(() => {
      this.#gapTimer = null
      if (this.socket.feed.hasGap) void this.#run()
    }, GAP_WAIT_MS)
  }

  stop(): void {
    if (this.#gapTimer !== null) clearTimeout(this.#gapTimer)
    this.#gapTimer = null
  }

  async #run(): Promise<void> {
    const { socket } = this
    if (!socket.isOpen() || this.#running) return
    this.#running = true
    socket.feed.holdBack()
    try {
      // The socket's own entries waiting behind the gap are left out: it has them already.
      const end = await socket.sendFromLog(socket.feed.last)
      if (end.kind !== 'sent') return void (await socket.ended(end))
      socket.release(end.headSeq)
    } catch (error) {
      socket.fail(error)
    } finally {
      this.#running = false
    }
  }
}
