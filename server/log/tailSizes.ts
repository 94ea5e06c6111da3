/**
 * Tail sizes of the boards seen, kept in step with every commit, so the
 * relay can ask one on every push without a query. A board's entry is
 * filled from the store when first asked, then moved by each commit's
 * result; a stored snapshot drops it (the snapshot keeps some updates, so
 * the next ask reads the exact tail again).
 */
import type { AppendItem, AppendResult, TailSize } from './types.ts'

export class TailSizes {
  readonly #tails = new Map<string, TailSize>()

  /** The known tail, or the one `read` gives (and remembers). */
  async get(boardId: string, read: () => TailSize | Promise<TailSize>): Promise<TailSize> {
    let tail = this.#tails.get(boardId)
    if (tail === undefined) {
      tail = { ...(await read()) }
      this.#tails.set(boardId, tail)
    }
    return { ...tail }
  }

  /** Only after the commit: a rolled-back batch must not count toward any tail. */
  committed(items: readonly AppendItem[], results: readonly AppendResult[]): void {
    items.forEach((item, i) => {
      if (results[i]?.status !== 'stored') return
      if (item.kind === 'snapshot') return void this.#tails.delete(item.boardId)
      const tail = this.#tails.get(item.boardId)
      if (tail) {
        tail.updates += 1
        tail.bytes += item.sealed.byteLength
      }
    })
  }

  forget(boardId: string): void {
    this.#tails.delete(boardId)
  }

  forgetAll(): void {
    this.#tails.clear()
  }
}
