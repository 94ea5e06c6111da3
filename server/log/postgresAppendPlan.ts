/**
 * What one append batch writes, worked out in memory from the board rows it
 * locked: each item's result, in item order, and the rows to insert. The
 * rules are SQLite's, item by item: a deleted or unknown board is gone; a
 * snapshot must contain the latest snapshot and cover no more than the head,
 * and a refused one takes no seq; a stored snapshot drops the updates it
 * covers except its keepSeqs, including updates earlier in the same batch
 * (those are simply never inserted).
 */
import type { AppendItem, AppendResult, SnapshotItem } from './types.ts'

/** A live board's row as the append locked it. */
export type LockedBoard = { headSeq: number; latestSnapshotSeq: number }

export type NewUpdate = { boardId: string; seq: number; sealed: Uint8Array }
export type NewSnapshot = SnapshotItem & { seq: number }

/** A board row the batch changed; its tail is recounted when a snapshot dropped part of it. */
export type BoardAfterAppend = LockedBoard & { recountTail: boolean; addedUpdates: number; addedBytes: number }

export type AppendPlan = {
  results: AppendResult[]
  updates: NewUpdate[]
  snapshots: NewSnapshot[]
  boards: Map<string, BoardAfterAppend>
}

export function planAppend(items: readonly AppendItem[], locked: ReadonlyMap<string, LockedBoard>): AppendPlan {
  const boards = new Map<string, BoardAfterAppend>()
  for (const [id, board] of locked) boards.set(id, { ...board, recountTail: false, addedUpdates: 0, addedBytes: 0 })
  let updates: NewUpdate[] = []
  const snapshots: NewSnapshot[] = []

  const results = items.map((item): AppendResult => {
    const board = boards.get(item.boardId)
    if (board === undefined) return { status: 'board-gone' }
    if (item.kind === 'update') {
      updates.push({ boardId: item.boardId, seq: ++board.headSeq, sealed: item.sealed })
      return { status: 'stored', seq: board.headSeq }
    }
    if (item.coversSeq > board.headSeq || item.coversSeq < board.latestSnapshotSeq) return { status: 'out-of-range' }
    const seq = ++board.headSeq
    board.latestSnapshotSeq = seq
    board.recountTail = true
    snapshots.push({ ...item, seq })
    const kept = new Set(item.keepSeqs)
    updates = updates.filter((update) => update.boardId !== item.boardId || update.seq > item.coversSeq || kept.has(update.seq))
    return { status: 'stored', seq }
  })

  for (const update of updates) {
    const board = boards.get(update.boardId)!
    board.addedUpdates += 1
    board.addedBytes += update.sealed.byteLength
  }
  // A board the batch stored nothing on keeps its row as it is.
  for (const [id, board] of boards) if (board.headSeq === locked.get(id)!.headSeq) boards.delete(id)
  return { results, updates, snapshots, boards }
}
