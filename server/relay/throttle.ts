/**
 * Reading more slowly instead of closing: every frame costs one token of
 * the socket's frame budget, a document frame (update or snapshot part)
 * costs its bytes from the socket's and the board's byte budgets, and a
 * presence frame its bytes from the socket's presence budget. While a
 * budget is in debt the socket is not read, so TCP pushes back on the
 * sender and the server buffers nothing. Pings and presence never touch
 * the document budgets, so presence and the clock keep flowing for a
 * well-behaved client; and a flood of presence, held to its own budget,
 * slows its sender instead of burying the others on the board.
 */
import type { TokenBucket } from '../common/tokenBucket.ts'
import type { RelaySocket } from './socket.ts'
import type { SocketBudgets } from './socketBudgets.ts'

export class Throttle {
  #boardBytes: TokenBucket | null = null
  #resumeTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly socket: RelaySocket,
    /** The socket's own budgets; they outlive it (admission.ts). */
    readonly budgets: SocketBudgets,
  ) {}

  /** From the hello on, document bytes also count against the board's shared budget. */
  joinBoard(boardBytes: TokenBucket): void {
    this.#boardBytes = boardBytes
  }

  /** Charges one frame, its `documentBytes` when it carries document content and its `presenceBytes` when it carries presence. */
  charge(documentBytes: number, presenceBytes: number): void {
    const { frames, documentBytes: socketBytes, presenceBytes: presence } = this.budgets
    let waitMs = frames.consume(1)
    if (documentBytes > 0) {
      waitMs = Math.max(waitMs, socketBytes.consume(documentBytes))
      if (this.#boardBytes) waitMs = Math.max(waitMs, this.#boardBytes.consume(documentBytes))
    }
    if (presenceBytes > 0) waitMs = Math.max(waitMs, presence.consume(presenceBytes))
    if (waitMs > 0) this.#pauseFor(waitMs)
  }

  stop(): void {
    if (this.#resumeTimer !== null) clearTimeout(this.#resumeTimer)
    this.#resumeTimer = null
  }

  #pauseFor(ms: number): void {
    // Already paused: the debt only grew, and the running timer ends before it is paid; extend it.
    this.stop()
    this.socket.pause()
    this.#resumeTimer = setTimeout(() => {
      this.#resumeTimer = null
      this.socket.resume()
    }, ms)
  }
}
