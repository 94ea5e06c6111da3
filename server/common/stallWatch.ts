/**
 * The deadline of a reader sent more than it takes at once (a history
 * download, a replay): it must take something — one more part or frame —
 * every `stallMs`. Not a deadline on the whole: a phone on a slow line may
 * take a large board for many minutes as long as it keeps taking it, while
 * a reader that takes nothing is cut off after stallMs, whatever it asked for.
 */
export class StallWatch {
  #lastProgress = Date.now()

  constructor(private readonly stallMs: number) {}

  /** The reader took something: its time starts again. */
  progressed(): void {
    this.#lastProgress = Date.now()
  }

  /** Waits for `ready` (room in the socket, in the address's budget); false once the reader went stallMs without progress. */
  async wait(ready: Promise<unknown>): Promise<boolean> {
    const isReady = ready.then(
      () => true,
      () => true,
    )
    for (;;) {
      // At least one turn of the event loop, so what is ready already counts even past the deadline.
      const left = Math.max(0, this.#lastProgress + this.stallMs - Date.now())
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), left)))
      const outcome = await Promise.race([isReady, timedOut])
      clearTimeout(timer)
      if (outcome) return true
      // Progress made while waiting (a frame taken) moved the deadline: wait on.
      if (Date.now() - this.#lastProgress >= this.stallMs) return false
    }
  }
}
