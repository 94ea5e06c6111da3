/**
 * Reference for the benchmark only: the board log kept in memory, with no
 * durability at all. The relay on top of it is the floor our durable log is
 * measured against.
 */
import type { AppendItem, BoardLog, BoardRecord, Replay, SnapshotResult, TailSize } from '../server/log/types.ts'

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
    return board ? { deleted: false, tokenHash: board.tokenHash } : null
  }
  async deleteBoard(boardId: string): Promise<boolean> {
    return this.#boards.delete(boardId)
  }
  async readReplay(boardId: string): Promise<Replay | null> {
    const board = this.#boards.get(boardId)
    return board ? { snapshot: null, updates: [...board.updates], headSeq: board.headSeq } : null
  }
  async appendUpdates(items: readonly AppendItem[]): Promise<Array<number | null>> {
    return items.map(({ boardId, sealed }) => {
      const board = this.#boards.get(boardId)
      if (!board) return null
      board.updates.push({ seq: ++board.headSeq, sealed })
      return board.headSeq
    })
  }
  async storeSnapshot(): Promise<SnapshotResult> {
    return 'out-of-range'
  }
  async tailSize(boardId: string): Promise<TailSize> {
    return { updates: this.#boards.get(boardId)?.updates.length ?? 0, bytes: 0 }
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
    deleteBoard: (boardId) => log.deleteBoard(boardId),
    readReplay: (boardId) => log.readReplay(boardId),
    storeSnapshot: (boardId, coversSeq, sealed) => log.storeSnapshot(boardId, coversSeq, sealed),
    tailSize: (boardId) => log.tailSize(boardId),
    close: () => log.close(),
    async appendUpdates(items) {
      const seqs: Array<number | null> = []
      for (const item of items) seqs.push(...(await log.appendUpdates([item])))
      return seqs
    },
  }
}
