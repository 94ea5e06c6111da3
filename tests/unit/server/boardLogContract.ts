/**
 * The storage contract: the same tests for every BoardLog (SQLite now,
 * PostgreSQL later), each named after the rule of DESIGN.md it checks.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { BoardLog } from '../../../server/log/types.ts'

export type LogFactory = {
  /** A log over an empty store. */
  open(): Promise<BoardLog>
  /** A second log over the same store as `open`'s latest, as after a restart (the first is closed). */
  reopen(): Promise<BoardLog>
}

let counter = 0
const newId = () => `board-${String(++counter).padStart(16, '0')}`.slice(-22)
const hash = 'h'.repeat(43)
const bytes = (...values: number[]) => new Uint8Array(values)

export function describeBoardLogContract(name: string, factory: LogFactory): void {
  describe(`BoardLog contract: ${name}`, () => {
    const opened: BoardLog[] = []
    afterEach(async () => {
      for (const log of opened.splice(0)) await log.close()
    })
    const open = async () => {
      const log = await factory.open()
      opened.push(log)
      return log
    }

    it('a board is created once; its id is then taken', async () => {
      const log = await open()
      const id = newId()
      expect(await log.createBoard(id, hash)).toBe('created')
      expect(await log.createBoard(id, 'x'.repeat(43))).toBe('exists')
      expect(await log.getBoard(id)).toEqual({ deleted: false, tokenHash: hash })
      expect(await log.getBoard(newId())).toBeNull()
    })

    it('seqs are per board, start at 1 and only grow; one call is one batch across boards', async () => {
      const log = await open()
      const [a, b] = [newId(), newId()]
      await log.createBoard(a, hash)
      await log.createBoard(b, hash)
      expect(await log.appendUpdates([{ boardId: a, sealed: bytes(1) }, { boardId: b, sealed: bytes(2) }, { boardId: a, sealed: bytes(3) }])).toEqual([1, 1, 2])
      expect(await log.appendUpdates([{ boardId: a, sealed: bytes(4) }])).toEqual([3])
      const replay = await log.readReplay(a)
      expect(replay?.updates.map((u) => [u.seq, [...u.sealed]])).toEqual([[1, [1]], [2, [3]], [3, [4]]])
      expect(replay?.headSeq).toBe(3)
    })

    it('an append to a deleted or unknown board gets no seq and does not stop the rest of the batch', async () => {
      const log = await open()
      const [live, gone] = [newId(), newId()]
      await log.createBoard(live, hash)
      await log.createBoard(gone, hash)
      await log.deleteBoard(gone)
      expect(await log.appendUpdates([{ boardId: gone, sealed: bytes(1) }, { boardId: newId(), sealed: bytes(1) }, { boardId: live, sealed: bytes(2) }])).toEqual([null, null, 1])
    })

    it('the replay is the latest snapshot, the updates after it, and the head seq', async () => {
      const log = await open()
      const id = newId()
      await log.createBoard(id, hash)
      expect(await log.readReplay(id)).toEqual({ snapshot: null, updates: [], headSeq: 0 })
      await log.appendUpdates([1, 2, 3, 4].map((n) => ({ boardId: id, sealed: bytes(n) })))
      expect(await log.storeSnapshot(id, 3, bytes(30))).toBe('stored')
      const replay = await log.readReplay(id)
      expect(replay?.snapshot?.coversSeq).toBe(3)
      expect([...replay!.snapshot!.sealed]).toEqual([30])
      expect(replay?.updates.map((u) => u.seq)).toEqual([4])
      expect(replay?.headSeq).toBe(4)
      expect(await log.readReplay(newId())).toBeNull()
    })

    it('a snapshot must cover more than the latest one and no more than the head', async () => {
      const log = await open()
      const id = newId()
      await log.createBoard(id, hash)
      await log.appendUpdates([1, 2].map((n) => ({ boardId: id, sealed: bytes(n) })))
      expect(await log.storeSnapshot(id, 3, bytes(0))).toBe('out-of-range')
      expect(await log.storeSnapshot(id, 2, bytes(0))).toBe('stored')
      expect(await log.storeSnapshot(id, 2, bytes(0))).toBe('out-of-range')
      expect(await log.storeSnapshot(id, 1, bytes(0))).toBe('out-of-range')
      expect(await log.storeSnapshot(newId(), 1, bytes(0))).toBe('board-gone')
    })

    it('an empty board may get a snapshot covering 0 (a board moved to a new link starts from one)', async () => {
      const log = await open()
      const id = newId()
      await log.createBoard(id, hash)
      expect(await log.storeSnapshot(id, 0, bytes(7))).toBe('stored')
      expect(await log.storeSnapshot(id, 0, bytes(7))).toBe('out-of-range')
    })

    it('the tail size follows appends and snapshots', async () => {
      const log = await open()
      const id = newId()
      await log.createBoard(id, hash)
      expect(await log.tailSize(id)).toEqual({ updates: 0, bytes: 0 })
      await log.appendUpdates([{ boardId: id, sealed: bytes(1, 2, 3) }, { boardId: id, sealed: bytes(4, 5) }])
      expect(await log.tailSize(id)).toEqual({ updates: 2, bytes: 5 })
      await log.appendUpdates([{ boardId: id, sealed: bytes(6) }])
      expect(await log.tailSize(id)).toEqual({ updates: 3, bytes: 6 })
      await log.storeSnapshot(id, 2, bytes(0, 0, 0, 0))
      expect(await log.tailSize(id)).toEqual({ updates: 1, bytes: 1 })
    })

    it('deleting a board drops its log at once and leaves a tombstone', async () => {
      const log = await open()
      const id = newId()
      await log.createBoard(id, hash)
      await log.appendUpdates([{ boardId: id, sealed: bytes(1) }])
      await log.storeSnapshot(id, 1, bytes(2))
      expect(await log.deleteBoard(id)).toBe(true)
      expect(await log.getBoard(id)).toEqual({ deleted: true })
      expect(await log.readReplay(id)).toBeNull()
      expect(await log.tailSize(id)).toEqual({ updates: 0, bytes: 0 })
      expect(await log.deleteBoard(id)).toBe(false)
      expect(await log.createBoard(id, hash)).toBe('exists')
      expect(await log.deleteBoard(newId())).toBe(false)
    })

    it('what was appended is there after a restart', async () => {
      const log = await open()
      const id = newId()
      await log.createBoard(id, hash)
      await log.appendUpdates([{ boardId: id, sealed: bytes(9, 9) }])
      await log.close()
      const again = await factory.reopen()
      opened.push(again)
      expect((await again.readReplay(id))?.updates.map((u) => [...u.sealed])).toEqual([[9, 9]])
      expect(await again.appendUpdates([{ boardId: id, sealed: bytes(1) }])).toEqual([2])
    })
  })
}
