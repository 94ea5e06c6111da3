/**
 * What one append batch writes, worked out in memory from the board rows it
 * locked: each item's result, in item order, and the rows to insert. The
 * rules are SQLite's, item by item: a deleted or unknown board is gone; a
 * snapshot must contain the latest snapshot and cover no more than the head,
 * and a refused one takes no seq; a write that would take its board past its
 * quota, or the server past its cap, is refused (quota.ts); a stored snapshot
 * drops the updates it covers except its keepSeqs, including updates earlier
 * in the same batch (those are simply never inserted), and the versions the
 * history's rule lets go (historyRule.ts).
 */
import { versionsLetGo, type Version } from './historyRule.ts'
import { quotaRefusal, type Quota } from './quota.ts'
import type { AppendItem, AppendResult, SnapshotItem } from './types.ts'

/** A live board's row as the append locked it. */
export type LockedBoard = { headSeq: number; latestSnapshotSeq: number; storedBytes: number }

/**
 * What a snapshot is weighed against, as SQLite weighs it item by item: the
 * quota, the bytes all boards store, and for each board a snapshot in the
 * batch may shorten, the size of each stored update (by seq) and its
 * history's versions, so the bytes it frees are known before it is stored.
 */
export type Room = {
  quota: Quota
  serverBytes: number
  storedTails: ReadonlyMap<string, ReadonlyMap<number, number>>
  versions: ReadonlyMap<string, readonly Version[]>
  /** The time the batch's snapshots are stored at, and the oldest a version may be and still be kept as its day's first. */
  now: number
  keepSince: number
}

export type NewUpdate = { boardId: string; seq: number; sealed: Uint8Array }
export type NewSnapshot = SnapshotItem & { seq: number }

/** A board row the batch changed; its tail is recounted when a snapshot dropped part of it. */
export type BoardAfterAppend = LockedBoard & { recountTail: boolean; addedUpdates: number; addedBytes: number; storedGrowth: number }

export type AppendPlan = {
  results: AppendResult[]
  updates: NewUpdate[]
  snapshots: NewSnapshot[]
  boards: Map<string, BoardAfterAppend>
  /** Versions the history's rule lets go as the batch's snapshots are stored (some may be the batch's own). */
  versionsLetGo: { boardId: string; seq: number }[]
  /** Bytes the batch adds to what all boards store (negative when its snapshots free more than they take). */
  storedGrowth: number
}

export function planAppend(items: readonly AppendItem[], locked: ReadonlyMap<string, LockedBoard>, room: Room): AppendPlan {
  const boards = new Map<string, BoardAfterAppend>()
  for (const [id, board] of locked) boards.set(id, { ...board, recountTail: false, addedUpdates: 0, addedBytes: 0, storedGrowth: 0 })
  const storedTails = new Map([...room.storedTails].map(([id, tail]) => [id, new Map(tail)]))
  const versions = new Map([...room.versions].map(([id, list]) => [id, [...list]]))
  let updates: NewUpdate[] = []
  const snapshots: NewSnapshot[] = []
  const letGoOfVersions: AppendPlan['versionsLetGo'] = []
  let storedGrowth = 0
  const refusal = (board: BoardAfterAppend, growth: number) =>
    quotaRefusal(room.quota, board.storedBytes, room.serverBytes + storedGrowth, growth)
  const grow = (board: BoardAfterAppend, growth: number) => {
    board.storedBytes += growth
    board.storedGrowth += growth
    storedGrowth += growth
  }

  const results = items.map((item): AppendResult => {
    const board = boards.get(item.boardId)
    if (board === undefined) return { status: 'board-gone' }
    if (item.kind === 'update') {
      const refused = refusal(board, item.sealed.byteLength)
      if (refused !== null) return { status: refused }
      updates.push({ boardId: item.boardId, seq: ++board.headSeq, sealed: item.sealed })
      grow(board, item.sealed.byteLength)
      return { status: 'stored', seq: board.headSeq }
    }
    if (item.coversSeq > board.headSeq || item.coversSeq < board.latestSnapshotSeq) return { status: 'out-of-range' }
    // Weighed as it will be once stored: the covered updates dropped, and the versions the history's rule lets go with it.
    const kept = new Set(item.keepSeqs)
    const drops = (boardId: string, seq: number) => boardId === item.boardId && seq <= item.coversSeq && !kept.has(seq)
    const storedTail = storedTails.get(item.boardId) ?? new Map<number, number>()
    const droppedStored = [...storedTail.keys()].filter((seq) => drops(item.boardId, seq))
    const bytes = item.parts.reduce((sum, part) => sum + part.byteLength, 0)
    const history = [{ seq: board.headSeq + 1, createdAt: room.now, bytes }, ...(versions.get(item.boardId) ?? [])]
    const letGo = versionsLetGo(history, room.keepSince)
    const freed =
      droppedStored.reduce((sum, seq) => sum + storedTail.get(seq)!, 0) +
      updates.reduce((sum, update) => sum + (drops(update.boardId, update.seq) ? update.sealed.byteLength : 0), 0) +
      letGo.reduce((sum, version) => sum + version.bytes, 0)
    const refused = refusal(board, bytes - freed)
    if (refused !== null) return { status: refused }
    const seq = ++board.headSeq
    board.latestSnapshotSeq = seq
    board.recountTail = true
    snapshots.push({ ...item, seq })
    for (const dropped of droppedStored) storedTail.delete(dropped)
    updates = updates.filter((update) => !drops(update.boardId, update.seq))
    versions.set(
      item.boardId,
      history.filter((version) => !letGo.includes(version)),
    )
    for (const version of letGo) letGoOfVersions.push({ boardId: item.boardId, seq: version.seq })
    grow(board, bytes - freed)
    return { status: 'stored', seq }
  })

  for (const update of updates) {
    const board = boards.get(update.boardId)!
    board.addedUpdates += 1
    board.addedBytes += update.sealed.byteLength
  }
  // A board the batch stored nothing on keeps its row as it is.
  for (const [id, board] of boards) if (board.headSeq === locked.get(id)!.headSeq) boards.delete(id)
  return { results, updates, snapshots, boards, versionsLetGo: letGoOfVersions, storedGrowth }
}
