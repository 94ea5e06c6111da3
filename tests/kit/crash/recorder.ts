/**
 * What the crash test knows for certain: every update the server
 * acknowledged, as (board, seq, digest of its sealed bytes). After each
 * restart the store must hold every one of them, byte for byte, and each
 * board's seqs must run 1…head with no hole.
 */
import { createHash } from 'node:crypto'
import type { BoardLog } from '../../../server/log/types.ts'
import { readWholeReplay } from '../../../server/log/wholeReads.ts'

export const digestOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

export type Verdict = {
  acked: number
  found: number
  /** Acked but absent, or present with other bytes: `board@seq`. */
  missing: string[]
  /** Boards whose stored seqs are not exactly 1…head: `board: …`. */
  holes: string[]
}

export class AckRecorder {
  /** board → seq → digest */
  readonly #acked = new Map<string, Map<number, string>>()
  #count = 0
  #waiters: { count: number; wake: () => void }[] = []

  record(boardId: string, seq: number, sealed: Uint8Array): void {
    let board = this.#acked.get(boardId)
    if (board === undefined) {
      board = new Map()
      this.#acked.set(boardId, board)
    }
    if (!board.has(seq)) this.#count++
    board.set(seq, digestOf(sealed))
    const due = this.#waiters.filter((waiter) => waiter.count <= this.#count)
    this.#waiters = this.#waiters.filter((waiter) => waiter.count > this.#count)
    for (const waiter of due) waiter.wake()
  }

  get count(): number {
    return this.#count
  }

  /** Resolves once `count` updates have been acked in all. */
  reached(count: number): Promise<void> {
    if (this.#count >= count) return Promise.resolve()
    return new Promise((wake) => this.#waiters.push({ count, wake }))
  }

  /**
   * Reads each board's whole log (one consistent read per board) and checks
   * it against everything acked so far. Acks that arrive while it reads are
   * checked next time: the set is copied first.
   */
  async verify(log: BoardLog, boardIds: readonly string[]): Promise<Verdict> {
    const verdict: Verdict = { acked: 0, found: 0, missing: [], holes: [] }
    for (const boardId of boardIds) {
      const acked = new Map(this.#acked.get(boardId) ?? [])
      verdict.acked += acked.size
      const replay = await readWholeReplay(log, boardId, 0)
      if (replay === null) {
        verdict.holes.push(`${boardId}: the board is gone`)
        continue
      }
      // The crash test posts no snapshots, so the log holds every update it ever stored.
      const stored = new Map(replay.updates.map((entry) => [entry.seq, digestOf(entry.sealed)]))
      const seqs = replay.updates.map((entry) => entry.seq)
      const contiguous = seqs.length === replay.headSeq && seqs.every((seq, i) => seq === i + 1)
      if (!contiguous) verdict.holes.push(`${boardId}: ${seqs.length} updates for head ${replay.headSeq}${describeGaps(seqs)}`)
      for (const [seq, digest] of acked) {
        if (stored.get(seq) === digest) verdict.found++
        else verdict.missing.push(`${boardId}@${seq}`)
      }
    }
    return verdict
  }
}

function describeGaps(seqs: readonly number[]): string {
  const gaps: string[] = []
  let expected = 1
  for (const seq of seqs) {
    if (seq !== expected) gaps.push(`${expected}–${seq - 1}`)
    expected = seq + 1
  }
  return gaps.length === 0 ? '' : `, missing ${gaps.slice(0, 5).join(', ')}`
}
