/**
 * The caps on live boards and stored bytes. Asking the log for its usage
 * scans it, so the answer is kept for a few seconds: a burst of creations
 * costs one scan, not one each. Between scans the board count is kept in
 * step with what this server creates and deletes, so the board cap holds
 * exactly; stored bytes grow through the relay, unseen here, so a board may
 * still be created within one cache period of the byte cap being reached.
 * The bytes themselves never pass it: the log refuses every write that
 * would grow a board past it (log/quota.ts).
 */
import type { BoardCreationLimits } from '../common/policy.ts'
import type { BoardLog } from '../log/types.ts'
import { HttpError } from './responses.ts'

type StorageUsage = Awaited<ReturnType<BoardLog['usage']>>

const USAGE_KEPT_MS = 5_000

export class BoardCapacity {
  #usage: StorageUsage | null = null
  #readAt = 0
  #reading: Promise<StorageUsage> | null = null

  constructor(
    private readonly log: Pick<BoardLog, 'usage'>,
    private readonly limits: Pick<BoardCreationLimits, 'maxBoards' | 'maxStoredBytes'>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Holds a place for one more board, or throws 507. The place is counted at
   * once, so creations racing each other cannot all pass the last free one;
   * call `releasePlace` when the board was not created after all.
   */
  async reservePlace(): Promise<void> {
    const usage = await this.#currentUsage()
    if (usage.boards >= this.limits.maxBoards) {
      throw new HttpError(
        507,
        'board_limit_reached',
        'This server holds as many boards as it is set up for; no new board can be created now. Existing boards are not affected.',
      )
    }
    if (usage.storedBytes >= this.limits.maxStoredBytes) {
      throw new HttpError(
        507,
        'storage_full',
        'This server has no storage left for new boards. Existing boards still open, and nothing saved on them is lost.',
      )
    }
    usage.boards += 1
  }

  /** A reserved place went unused, or a board was deleted. */
  releasePlace(): void {
    if (this.#usage !== null) this.#usage.boards -= 1
  }

  async #currentUsage(): Promise<StorageUsage> {
    if (this.#usage !== null && this.now() - this.#readAt < USAGE_KEPT_MS) return this.#usage
    // Requests arriving during a scan share it.
    this.#reading ??= this.log.usage().finally(() => (this.#reading = null))
    const usage = await this.#reading
    if (this.#usage === null || this.#readAt < this.now() - USAGE_KEPT_MS) {
      this.#usage = { ...usage }
      this.#readAt = this.now()
    }
    return this.#usage
  }
}
