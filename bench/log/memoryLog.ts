/**
 * Reference for the benchmark only: the board log kept in memory, with no
 * durability at all. The relay on top of it is the floor our durable log is
 * measured against.
 */
import type {
  AppendItem,
  AppendResult,
  BoardLog,
  BoardRecord,
  HistoryVersion,
  Replay,
  SnapshotSize,
  TailSize,
  UpdatePage,
} from '../../server/log/types.ts'

type Board = { tokenHash: string; headSeq: number; updates: { seq: number; sealed: Uint8Array }[] }

export class MemoryBoardLog implements BoardLog {
  #boards = new Map<string, Board>()

  async createBoard(boardId: string, tokenHash: string): Promise<'created' | 'exists'> {
    if (this.#boards.has(boardId)) return 'exists'
    this.#boards.set(boardId, { tokenHash, headSeq: 0, updates: [] })
    return 'created'
  }
  async getBoard(boardId: string): Promise<BoardRecord | null> {
    const board = this.#boards.get(boardId)
    return board ? { status: 'live', tokenHash: board.tokenHash, headSeq: board.headSeq } : null
  }
  async retireBoard(boardId: string): Promise<boolean> {
    return this.#boards.delete(boardId)
  }
  async readReplay(boardId: string, knownSeq: number): Promise<Replay | null> {
    const board = this.#boards.get(boardId)
    return board
      ? { snapshot: null, updates: board.updates.filter((update) => update.seq > knownSeq), moreUpdates: false, headSeq: board.headSeq }
      : null
  }
  /** Every replay comes in one page, so no further page is ever asked for. */
  async readUpdates(): Promise<UpdatePage | null> {
    return null
  }
  async readSnapshotPart(): Promise<Uint8Array | null> {
    return null
  }
  /** Keeps updates only; snapshots are refused, which the benchmark's short runs never need. */
  async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
    return items.map((item): AppendResult => {
      const board = this.#boards.get(item.boardId)
      if (!board) return { status: 'board-gone' }
      if (item.kind === 'snapshot') return { status: 'out-of-range' }
      board.updates.push({ seq: ++board.headSeq, sealed: item.sealed })
      return { status: 'stored', seq: board.headSeq }
    })
  }
  /** No snapshots, so no history. */
  async listHistory(boardId: string): Promise<HistoryVersion[] | null> {
    return this.#boards.has(boardId) ? [] : null
  }
  async snapshotSize(): Promise<SnapshotSize | null> {
    return null
  }
  async headSeqs(boardIds: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map<string, number>()
    for (const id of boardIds) {
      const board = this.#boards.get(id)
      if (board) heads.set(id, board.headSeq)
    }
    return heads
  }
  async tailSize(boardId: string): Promise<TailSize> {
    return { updates: this.#boards.get(boardId)?.updates.length ?? 0, bytes: 0 }
  }
  async usage(): Promise<{ boards: number; storedBytes: number }> {
    let storedBytes = 0
    for (const board of this.#boards.values()) for (const update of board.updates) storedBytes += update.sealed.byteLength
    return { boards: this.#boards.size, storedBytes }
  }
  async close(): Promise<void> {}
}

/**
 * Reference for the benchmark only: the durable SQLite log without group
 * commit — every frame its own transaction, so its own fsync.
 */
export function oneTransactionPerFrame(log: BoardLog): BoardLog {
  return {
    createBoard: (boardId, tokenHash) => log.createBoard(boardId, tokenHash),
    getBoard: (boardId) => log.getBoard(boardId),
    retireBoard: (boardId, reason) => log.retireBoard(boardId, reason),
    readReplay: (boardId, knownSeq, pageBytes) => log.readReplay(boardId, knownSeq, pageBytes),
    readUpdates: (boardId, afterSeq, throughSeq, pageBytes) => log.readUpdates(boardId, afterSeq, throughSeq, pageBytes),
    readSnapshotPart: (boardId, seq, index) => log.readSnapshotPart(boardId, seq, index),
    listHistory: (boardId) => log.listHistory(boardId),
    snapshotSize: (boardId, seq) => log.snapshotSize(boardId, seq),
    headSeqs: (boardIds) => log.headSeqs(boardIds),
    tailSize: (boardId) => log.tailSize(boardId),
    usage: () => log.usage(),
    close: () => log.close(),
    async append(items) {
      const results: AppendResult[] = []
      for (const item of items) results.push(...(await log.append([item])))
      return results
    },
  }
}
