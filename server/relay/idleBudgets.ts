/**
 * Budgets kept after the sockets that spent them have closed, so closing a
 * socket and opening another never buys a fresh burst: a board's shared
 * budget once its last socket leaves, the budgets of an address's closed
 * sockets. Each is kept until it would have refilled anyway (a fresh budget
 * is then the same thing), so memory stays small on its own; past
 * `maxEntries` the one kept longest is dropped even if not yet full, the
 * price of bounded memory (as in http/creationRateLimit.ts).
 */

export type Refilling = { msUntilFull(): number }

/** Entries kept at most: a budget is a few objects, so this is a few MB at worst. */
const MAX_ENTRIES = 10_000

export class IdleBudgets<T extends Refilling> {
  /** In order of being kept: the oldest first. */
  readonly #entries = new Map<string, { budget: T; fullAt: number }>()

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** Keeps `budget` under `key` until it is full again, in place of what was kept there. */
  keep(key: string, budget: T): void {
    const now = this.now()
    this.#entries.delete(key)
    const msUntilFull = budget.msUntilFull()
    if (msUntilFull > 0) this.#entries.set(key, { budget, fullAt: now + msUntilFull })
    for (const [oldest, { fullAt }] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && fullAt > now) break
      this.#entries.delete(oldest)
    }
  }

  /** What is kept under `key`, if it is not full again yet. */
  get(key: string): T | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (entry.fullAt > this.now()) return entry.budget
    this.#entries.delete(key)
    return undefined
  }

  /** Takes back what is kept under `key`: it is in use again. */
  take(key: string): T | undefined {
    const budget = this.get(key)
    this.#entries.delete(key)
    return budget
  }

  /** How many are kept now (for tests). */
  get size(): number {
    return this.#entries.size
  }
}
