/**
 * Asking for a point in the board's history: a snapshot of the whole board
 * stored now, not only when the log is long, so the history holds a version
 * at the start of every talk, once a day the board is used, and just before
 * a restore. Lives for the session, across reconnects; the transport of the
 * moment posts the snapshot and says when it is stored.
 */
export class HistoryPoints {
  #waiting: (() => void)[] = []
  #listeners = new Set<() => void>()

  /** True while a request waits for its snapshot. */
  get wanted(): boolean {
    return this.#waiting.length > 0
  }

  /** Resolves once a snapshot holding the board as it is now is stored (or the log already ends in one). */
  request(): Promise<void> {
    const stored = new Promise<void>((resolve) => this.#waiting.push(resolve))
    for (const listener of this.#listeners) listener()
    return stored
  }

  /** The transport's part: told of each request while it is connected. */
  onRequest(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The transport's part: the snapshot is stored; everyone waiting is answered. */
  satisfied(): void {
    const waiting = this.#waiting
    this.#waiting = []
    for (const resolve of waiting) resolve()
  }
}
