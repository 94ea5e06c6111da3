/**
 * Reading more slowly instead of closing: every frame costs one token of
 * the socket's frame budget, and a document frame (update or snapshot part)
 * costs its bytes from the socket's and the board's byte budgets. While a
 * budget is in debt the socket is not read, so TCP pushes back on the
 * sender and the server buffers nothing. Pings and awareness never touch
 * the document budgets, so presence and the clock keep flowing for a
 * well-behaved client.
 */
import type { RelayLimits } from './limits.ts'
import type { RelaySocket } from './socket.ts'
import { TokenBucket } from './tokenBucket.ts'

export class Throttle {
  readonly #frames: TokenBucket
  readonly #documentBytes: TokenBucket
  #boardBytes: TokenBucket | null = null
  #resumeTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly socket: RelaySocket,
    limits: RelayLimits,
  ) {
    this.#frames = new TokenBucket(limits.framesPerSecond, limits.frameBurst)
    this.#documentBytes = new TokenBucket(limits.documentBytesPerSecond, limits.documentByteBurst)
  }

  /** From the hello on, document bytes also count against the board's shared budget. */
  joinBoard(boardBytes: TokenBucket): void {
    this.#boardBytes = boardBytes
  }

  /** Charges one frame, and `documentBytes` when it carries document content. */
  charge(documentBytes: number): void {
    let waitMs = this.#frames.consume(1)
    if (documentBytes > 0) {
      waitMs = Math.max(waitMs, this.#documentBytes.consume(documentBytes))
      if (this.#boardBytes) waitMs = Math.max(waitMs, this.#boardBytes.consume(documentBytes))
    }
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
