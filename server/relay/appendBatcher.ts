/**
 * Group commit. Every update and snapshot pushed during one event-loop turn
 * goes into ONE log transaction, so durability costs one fsync per turn
 * rather than one per frame. Callbacks run only after the commit, in item
 * order, which is seq order per board; batches commit one after another, so
 * seqs reach every socket in order.
 */
import { RejectReason } from '../../shared/protocol.ts'
import type { AppendItem, AppendResult, BoardLog, TailSize } from '../log/types.ts'

export type PendingAppend = {
  item: AppendItem
  /** The item is durable under this seq. */
  stored(seq: number): void
  /** The board was deleted before the commit; nothing was stored. */
  boardGone(): void
  /** The log refused the item (a snapshot that misses the latest one, a full board or server); nothing was stored. */
  refused(reason: RejectReason): void
  /** The transaction failed; nothing of the batch was stored. */
  failed(error: unknown): void
}

export class AppendBatcher {
  #queued: PendingAppend[] = []
  #flushScheduled = false
  #committing: Promise<void> | null = null
  /** Updates queued or being committed, per board: they count toward its tail before they land. */
  readonly #pendingTail = new Map<string, TailSize>()

  constructor(
    private readonly log: Pick<BoardLog, 'append'>,
    private readonly logLine: (line: string) => void,
  ) {}

  enqueue(pending: PendingAppend): void {
    this.#queued.push(pending)
    this.#countPending(pending, +1)
    if (!this.#flushScheduled) {
      this.#flushScheduled = true
      // setImmediate runs after this turn's I/O callbacks: every frame read in this turn joins the batch.
      setImmediate(() => this.#flush())
    }
  }

  pendingTail(boardId: string): TailSize {
    return { ...(this.#pendingTail.get(boardId) ?? { updates: 0, bytes: 0 }) }
  }

  /** Resolves once everything queued so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.#committing !== null || this.#queued.length > 0) {
      if (this.#committing === null) this.#flush()
      await this.#committing
    }
  }

  #flush(): void {
    this.#flushScheduled = false
    // One transaction at a time; what arrives meanwhile forms the next batch.
    if (this.#committing !== null || this.#queued.length === 0) return
    const batch = this.#queued
    this.#queued = []
    this.#committing = this.#commit(batch).finally(() => {
      this.#committing = null
      if (this.#queued.length > 0 && !this.#flushScheduled) {
        this.#flushScheduled = true
        setImmediate(() => this.#flush())
      }
    })
  }

  async #commit(batch: PendingAppend[]): Promise<void> {
    let results
    try {
      results = await this.log.append(batch.map((pending) => pending.item))
    } catch (error) {
      for (const pending of batch) this.#countPending(pending, -1)
      this.logLine(`relay: append of ${batch.length} item(s) failed, closing their sockets with 4503: ${describe(error)}`)
      for (const pending of batch) this.#settle(() => pending.failed(error))
      return
    }
    for (const pending of batch) this.#countPending(pending, -1)
    batch.forEach((pending, i) => {
      const result = results[i] ?? { status: 'board-gone' }
      this.#settle(() => {
        if (result.status === 'stored') pending.stored(result.seq)
        else if (result.status === 'board-gone') pending.boardGone()
        else pending.refused(REJECT_REASONS[result.status])
      })
    })
  }

  #countPending({ item }: PendingAppend, sign: 1 | -1): void {
    if (item.kind !== 'update') return
    const tail = this.#pendingTail.get(item.boardId) ?? { updates: 0, bytes: 0 }
    tail.updates += sign
    tail.bytes += sign * item.sealed.byteLength
    if (tail.updates === 0) this.#pendingTail.delete(item.boardId)
    else this.#pendingTail.set(item.boardId, tail)
  }

  /** A callback's failure must not stop the rest of the batch from being acknowledged. */
  #settle(callback: () => void): void {
    try {
      callback()
    } catch (error) {
      this.logLine(`relay: after a commit: ${describe(error)}`)
    }
  }
}

/** The reject frame's reason for each refusal of the log. */
const REJECT_REASONS: Record<Exclude<AppendResult['status'], 'stored' | 'board-gone'>, RejectReason> = {
  'out-of-range': RejectReason.snapshotOutOfRange,
  'board-full': RejectReason.boardFull,
  'storage-full': RejectReason.storageFull,
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
