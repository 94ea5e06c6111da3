/**
 * Notices a connection that stopped answering. A phone that lost its
 * network keeps its socket "open" for a long while (nothing tells the
 * browser the far end is gone), and the board said Saved over a dead line
 * for 30 s. Anything heard from the server proves the line is alive; after
 * a short quiet the check asks (one clock ping), and no answer soon after
 * means the socket is dead: the transport closes it and the provider's
 * reconnect takes over. A busy line never asks: frames keep arriving.
 *
 * Before the server's welcome nothing may be asked (a frame before the
 * hello is answered is out of turn), so the welcome itself has a deadline.
 */
export type LivenessTimes = {
  /** Quiet this long after the last frame heard, the check asks. */
  quietMs: number
  /** No frame at all this long after asking: the socket is dead. */
  answerMs: number
  /** An opened socket whose server has not welcomed it by then is dead. */
  welcomeMs: number
}

/**
 * At most quietMs + answerMs (7 s) from the last frame heard to "Offline". The
 * answer may wait behind a large frame on a slow line: 4 s carries 1 MiB
 * (the largest frame) at 2 Mbit/s, so a slow phone is not called dead.
 */
export const LIVENESS_TIMES: LivenessTimes = { quietMs: 3_000, answerMs: 4_000, welcomeMs: 10_000 }

export class LivenessCheck {
  readonly #ask: () => void
  readonly #dead: () => void
  readonly #times: LivenessTimes
  #welcomed = false
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(ask: () => void, dead: () => void, times: LivenessTimes = LIVENESS_TIMES) {
    this.#ask = ask
    this.#dead = dead
    this.#times = times
  }

  /** The socket opened: the server has welcomeMs to welcome it. */
  opened(): void {
    this.#after(this.#times.welcomeMs, this.#dead)
  }

  /** The server's welcome: from now on a quiet line is asked. */
  welcomed(): void {
    this.#welcomed = true
    this.heard()
  }

  /** A frame arrived: the line is alive. */
  heard(): void {
    if (!this.#welcomed) return
    this.#after(this.#times.quietMs, () => {
      this.#ask()
      this.#after(this.#times.answerMs, this.#dead)
    })
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  #after(ms: number, then: () => void): void {
    this.stop()
    this.#timer = setTimeout(() => {
      this.#timer = null
      then()
    }, ms)
  }
}
