/**
 * Empties the SQLite WAL after a board is deleted or moved. secure_delete
 * zeroes what the deletion frees in the database file, but the WAL still
 * holds every page as it was written since the last checkpoint, the deleted
 * board's ciphertext among them; and a WAL that is reused rather than
 * truncated keeps older frames past its new end. A TRUNCATE checkpoint
 * copies the WAL into the database file (where the freed pages are then
 * zeroes) and cuts the WAL to nothing.
 *
 * The checkpoint cannot finish while another connection reads an older
 * snapshot of the file (an operator's `sqlite3 … .backup`, say). It then
 * gives up at once rather than stall every board behind the busy timeout,
 * and is tried again a little later, with a growing wait, until it succeeds.
 */
import type Database from 'better-sqlite3'

const FIRST_RETRY_MS = 1000
const LONGEST_RETRY_MS = 60_000

type CheckpointRow = { busy: number; log: number; checkpointed: number }

export class WalTruncation {
  #retry: ReturnType<typeof setTimeout> | null = null
  #retryMs = FIRST_RETRY_MS

  constructor(private readonly db: Database.Database) {}

  /** Truncates the WAL now, or as soon as no reader holds it back. */
  request(): void {
    if (this.#truncate()) return this.#settled()
    if (this.#retry === null) this.#retryLater()
  }

  /** Stops retrying; the file is being closed (closing checkpoints it too). */
  stop(): void {
    if (this.#retry !== null) clearTimeout(this.#retry)
    this.#retry = null
  }

  #retryLater(): void {
    this.#retry = setTimeout(() => {
      this.#retry = null
      if (!this.db.open) return
      if (this.#truncate()) return this.#settled()
      this.#retryMs = Math.min(this.#retryMs * 2, LONGEST_RETRY_MS)
      this.#retryLater()
    }, this.#retryMs)
    // A pending retry must not keep a process (or the log's thread) alive.
    this.#retry.unref()
  }

  #settled(): void {
    this.stop()
    this.#retryMs = FIRST_RETRY_MS
  }

  /** One attempt that never waits for a reader; true when the WAL is now empty. */
  #truncate(): boolean {
    const busyTimeout = this.db.pragma('busy_timeout', { simple: true }) as number
    this.db.pragma('busy_timeout = 0')
    try {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as CheckpointRow[]
      return result !== undefined && result.busy === 0
    } finally {
      this.db.pragma(`busy_timeout = ${busyTimeout}`)
    }
  }
}
