/**
 * A VACUUM of the tables that hold ciphertext, started after a board is
 * deleted and not awaited by the caller.
 *
 * What a deletion guarantees on PostgreSQL: once retireBoard resolves, no
 * query returns the board's entries. Its rows are then dead tuples, whose
 * bytes stay in the table's pages until VACUUM (this one, or autovacuum
 * later) marks that space reusable. VACUUM does not overwrite it: the bytes
 * may stay in the data files until new rows are written over them, and in
 * the WAL until its segments are recycled (and in any backup or replica made
 * meanwhile). What bounds the harm is that every one of those bytes is
 * ciphertext under a key the server never held.
 */
import type pg from 'pg'

export class BackgroundVacuum {
  #running: Promise<void> | null = null
  /** Deletions during a vacuum need one more pass; a burst of them, only one. */
  #again = false
  #stopped = false

  constructor(
    private readonly pool: pg.Pool,
    private readonly logLine: (line: string) => void,
  ) {}

  request(): void {
    if (this.#stopped) return
    if (this.#running !== null) {
      this.#again = true
      return
    }
    this.#running = this.#vacuum().finally(() => {
      this.#running = null
      if (this.#again) {
        this.#again = false
        this.request()
      }
    })
  }

  /** Starts no more, and waits for the one running. */
  async stop(): Promise<void> {
    this.#stopped = true
    await this.#running
  }

  async #vacuum(): Promise<void> {
    try {
      await this.pool.query('VACUUM updates, snapshots, snapshot_parts')
    } catch (error) {
      // The deletion itself is committed; autovacuum will reach these rows anyway.
      this.logLine(`postgres: vacuum after deleting a board failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}
