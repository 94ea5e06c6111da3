/**
 * The bytes all live boards store, for the server's cap on a database that
 * several processes write to. Summing every board's row on each append
 * would cost a scan per batch, and one shared counter row would make every
 * process's appends queue behind each other; so each process reads the sum
 * at most every few seconds and adds what it writes itself in between. The
 * cap may then be overshot by what the other processes store within that
 * time: bounded by the byte budgets, and far below any sane headroom on disk.
 * Each board's own quota is exact (its row is locked while it is checked).
 */
import type pg from 'pg'

const READ_AGAIN_AFTER_MS = 5_000

export class ServerStoredBytes {
  #bytes = 0
  #readAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly pool: pg.Pool,
    /** False when there is no cap to check against: then it is never read. */
    private readonly needed: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async read(): Promise<number> {
    if (!this.needed) return 0
    if (this.now() - this.#readAt >= READ_AGAIN_AFTER_MS) {
      const { rows } = await this.pool.query<{ bytes: number }>(
        'SELECT coalesce(sum(stored_bytes), 0)::int8 AS bytes FROM boards WHERE deleted_at IS NULL',
      )
      this.#bytes = rows[0]!.bytes
      this.#readAt = this.now()
    }
    return this.#bytes
  }

  /** What this process just committed. */
  grew(bytes: number): void {
    this.#bytes += bytes
  }

  /** A board was retired: the next read asks the database. */
  forget(): void {
    this.#readAt = Number.NEGATIVE_INFINITY
  }
}
