/**
 * The storage contract: the same tests for every BoardLog (SQLite in
 * tests/unit/server/, PostgreSQL in tests/integration/), each named after
 * the rule of the design it checks.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { SNAPSHOT_PART_BYTES } from '../../shared/protocol.ts'
import {
  DAY_MS,
  type AppendItem,
  type AppendResult,
  type BoardLog,
  type LogOptions,
  type SnapshotItem,
  type UpdateItem,
} from '../../server/log/types.ts'
import { readWholeReplay, readWholeSnapshot, type WholeReplay } from '../../server/log/wholeReads.ts'

export type LogFactory = {
  /** A log over an empty store (with the default options unless told). */
  open(options?: Partial<LogOptions>): Promise<BoardLog>
  /** A second log over the same store as `open`'s latest, as after a restart (the first is closed). */
  reopen(options?: Partial<LogOptions>): Promise<BoardLog>
}

let counter = 0
const newId = () => `board-${String(++counter).padStart(16, '0')}`.slice(-22)
const hash = 'h'.repeat(43)
const bytes = (...values: number[]) => new Uint8Array(values)

const update = (boardId: string, ...values: number[]): UpdateItem => ({ kind: 'update', boardId, sealed: bytes(...values) })
/** An update of `size` bytes. */
const updateOf = (boardId: string, size: number): UpdateItem => ({ kind: 'update', boardId, sealed: new Uint8Array(size) })
const stored = (seq: number): AppendResult => ({ status: 'stored', seq })
const boardFull: AppendResult = { status: 'board-full' }
const storageFull: AppendResult = { status: 'storage-full' }
/** Noon of the nth day of 2025 (UTC): a clock a test moves by whole days. */
const noonOfDay = (day: number) => Date.UTC(2025, 0, day, 12)

function snapshot(boardId: string, coversSeq: number, options: Partial<SnapshotItem> = {}): SnapshotItem {
  return { kind: 'snapshot', boardId, coversSeq, carriesChanges: false, keepSeqs: [], parts: [bytes(coversSeq)], ...options }
}

/** The seqs of updates in a replay read whole, and the snapshot's numbers and part contents, for compact assertions. */
function summary(replay: WholeReplay | null) {
  if (replay === null) return null
  const { snapshot } = replay
  return {
    snapshot: snapshot && { ...snapshot, parts: snapshot.parts && snapshot.parts.map((part) => [...part]) },
    updates: replay.updates.map((u) => u.seq),
    headSeq: replay.headSeq,
  }
}

export function describeBoardLogContract(name: string, factory: LogFactory): void {
  describe(`BoardLog contract: ${name}`, () => {
    const opened: BoardLog[] = []
    afterEach(async () => {
      for (const log of opened.splice(0)) await log.close()
    })
    const open = async (options?: Partial<LogOptions>) => {
      const log = await factory.open(options)
      opened.push(log)
      return log
    }
    const boardIn = async (log: BoardLog) => {
      const id = newId()
      await log.createBoard(id, hash)
      return id
    }
    /** Appends updates one batch at a time so each test starts from a known head. */
    const appendUpdates = (log: BoardLog, id: string, count: number) =>
      log.append(Array.from({ length: count }, (_, n) => update(id, n + 1)))
    const append = (log: BoardLog, ...items: AppendItem[]) => log.append(items)

    it('a board is created once; its id is then taken', async () => {
      const log = await open()
      const id = newId()
      expect(await log.createBoard(id, hash)).toBe('created')
      expect(await log.createBoard(id, 'x'.repeat(43))).toBe('exists')
      expect(await log.getBoard(id)).toEqual({ status: 'live', tokenHash: hash, headSeq: 0 })
      expect(await log.getBoard(newId())).toBeNull()
    })

    it('seqs grow per board across updates and snapshots in one batch', async () => {
      const log = await open()
      const [a, b] = [await boardIn(log), await boardIn(log)]
      expect(await append(log, update(a, 1), update(b, 2), snapshot(a, 1), update(a, 3), update(b, 4))).toEqual([
        { status: 'stored', seq: 1 },
        { status: 'stored', seq: 1 },
        { status: 'stored', seq: 2 },
        { status: 'stored', seq: 3 },
        { status: 'stored', seq: 2 },
      ])
      expect(await append(log, update(a, 5))).toEqual([{ status: 'stored', seq: 4 }])
      expect(await log.getBoard(a)).toMatchObject({ headSeq: 4 })
      expect(await log.getBoard(b)).toMatchObject({ headSeq: 2 })
      expect(summary(await readWholeReplay(log, b, 0))?.updates).toEqual([1, 2])
    })

    it('a deleted board’s results are board-gone, and the rest of the batch is still stored', async () => {
      const log = await open()
      const [live, gone] = [await boardIn(log), await boardIn(log)]
      await log.retireBoard(gone, 'deleted')
      expect(await append(log, update(gone, 1), snapshot(gone, 0), update(newId(), 1), snapshot(newId(), 0), update(live, 2))).toEqual([
        { status: 'board-gone' },
        { status: 'board-gone' },
        { status: 'board-gone' },
        { status: 'board-gone' },
        { status: 'stored', seq: 1 },
      ])
    })

    it('a snapshot must contain the latest snapshot and cover no more than the head; a refused one takes no seq', async () => {
      const log = await open()
      const id = await boardIn(log)
      await appendUpdates(log, id, 2)
      expect(await append(log, snapshot(id, 3))).toEqual([{ status: 'out-of-range' }])
      expect(await append(log, snapshot(id, 2))).toEqual([{ status: 'stored', seq: 3 }])
      // The latest snapshot is seq 3: covering 2 would not contain it.
      expect(await append(log, snapshot(id, 2), update(id, 4))).toEqual([{ status: 'out-of-range' }, { status: 'stored', seq: 4 }])
      expect(await append(log, snapshot(id, 3))).toEqual([{ status: 'stored', seq: 5 }])
      expect(await log.getBoard(id)).toMatchObject({ headSeq: 5 })
    })

    it('a snapshot may cover updates stored earlier in the same batch', async () => {
      const log = await open()
      const id = await boardIn(log)
      expect(await append(log, update(id, 1), update(id, 2), snapshot(id, 2), update(id, 3))).toEqual([
        { status: 'stored', seq: 1 },
        { status: 'stored', seq: 2 },
        { status: 'stored', seq: 3 },
        { status: 'stored', seq: 4 },
      ])
      expect(summary(await readWholeReplay(log, id, 0))).toMatchObject({ snapshot: { seq: 3, coversSeq: 2 }, updates: [4], headSeq: 4 })
    })

    it('an empty board may get a snapshot covering 0 (a board moved to a new link starts from one)', async () => {
      const log = await open()
      const id = await boardIn(log)
      expect(await append(log, snapshot(id, 0, { carriesChanges: true }))).toEqual([{ status: 'stored', seq: 1 }])
      expect(summary(await readWholeReplay(log, id, 0))).toEqual({
        snapshot: { seq: 1, coversSeq: 0, carriesChanges: true, parts: [[0]] },
        updates: [],
        headSeq: 1,
      })
    })

    it('a snapshot deletes the updates it covers but keeps the entries in keepSeqs and those after coversSeq', async () => {
      const log = await open()
      const id = await boardIn(log)
      await appendUpdates(log, id, 5)
      expect(await append(log, snapshot(id, 4, { keepSeqs: [2, 3] }))).toEqual([{ status: 'stored', seq: 6 }])
      expect(summary(await readWholeReplay(log, id, 0))).toMatchObject({
        snapshot: { seq: 6, coversSeq: 4 },
        updates: [2, 3, 5],
        headSeq: 6,
      })
      expect(await log.tailSize(id)).toEqual({ updates: 3, bytes: 3 })
    })

    it('snapshot parts come back in order, each as stored, up to a full part', async () => {
      const log = await open()
      const id = await boardIn(log)
      const full = new Uint8Array(SNAPSHOT_PART_BYTES).fill(7)
      const parts = [bytes(3, 3, 3), full, bytes(1), bytes(2, 2)]
      expect(await append(log, snapshot(id, 0, { parts, carriesChanges: true }))).toEqual([{ status: 'stored', seq: 1 }])
      const replayed = (await readWholeReplay(log, id, 0))?.snapshot?.parts
      expect(replayed?.map((part) => part.byteLength)).toEqual([3, SNAPSHOT_PART_BYTES, 1, 2])
      expect(replayed?.map((part, i) => Buffer.from(part).equals(parts[i]!))).toEqual([true, true, true, true])
    })

    it('a replay names its snapshot’s part count; the parts are read one at a time, each as stored, and a part that is not there reads as null', async () => {
      const log = await open()
      const id = await boardIn(log)
      const parts = [bytes(1, 1), bytes(2), bytes(3, 3, 3)]
      await append(log, update(id, 9), snapshot(id, 1, { parts, carriesChanges: true }))
      expect((await log.readReplay(id, 0))?.snapshot).toEqual({ seq: 2, coversSeq: 1, carriesChanges: true, partCount: 3 })
      expect(await log.snapshotSize(id, 2)).toEqual({ partCount: 3, bytes: 6 })
      for (const [index, part] of parts.entries()) expect([...(await log.readSnapshotPart(id, 2, index))!]).toEqual([...part])
      expect(await log.readSnapshotPart(id, 2, 3)).toBeNull()
      expect(await log.readSnapshotPart(id, 1, 0)).toBeNull() // an update, not a snapshot
      expect(await log.snapshotSize(id, 1)).toBeNull()
      expect(await log.readSnapshotPart(newId(), 2, 0)).toBeNull()
    })

    it('a snapshot being read part by part that the board loses (let go by the history, or the board deleted) reads as null from then on', async () => {
      const log = await open({ historyRetentionMs: 0 })
      const id = await boardIn(log)
      await append(log, update(id, 1), snapshot(id, 1, { parts: [bytes(1), bytes(2)] }))
      const reading = (await log.readReplay(id, 0))!.snapshot!
      expect([...(await log.readSnapshotPart(id, reading.seq, 0))!]).toEqual([1])
      // Three newer snapshots: past the retention only the three newest are kept.
      for (let i = 0; i < 3; i++) await append(log, update(id, i), snapshot(id, reading.seq + 2 * i + 1))
      expect(await log.readSnapshotPart(id, reading.seq, 1)).toBeNull()
      expect(await log.snapshotSize(id, reading.seq)).toBeNull()

      const latest = (await log.readReplay(id, 0))!.snapshot!
      expect(await log.readSnapshotPart(id, latest.seq, 0)).not.toBeNull()
      await log.retireBoard(id, 'deleted')
      expect(await log.readSnapshotPart(id, latest.seq, 0)).toBeNull()
      expect(await log.snapshotSize(id, latest.seq)).toBeNull()
    })

    it('a replay’s updates come in pages cut by bytes, at least one update each, in seq order, through the head the replay was read at', async () => {
      const log = await open()
      const id = await boardIn(log)
      await append(log, update(id, 1, 1, 1), update(id, 2, 2, 2), update(id, 3, 3, 3), update(id, 4, 4, 4), update(id, 5, 5, 5))
      const seqs = (page: { updates: { seq: number }[]; moreUpdates: boolean } | null) =>
        page && { seqs: page.updates.map((u) => u.seq), more: page.moreUpdates }
      // Updates are taken while the page holds fewer than 5 bytes: two of 3 bytes each.
      const replay = await log.readReplay(id, 0, 5)
      expect(seqs(replay)).toEqual({ seqs: [1, 2], more: true })
      expect(replay?.headSeq).toBe(5)
      expect([...replay!.updates[1]!.sealed]).toEqual([2, 2, 2])
      // Appended after the replay was read: past its head, so not in its pages.
      await append(log, update(id, 6))
      expect(seqs(await log.readUpdates(id, 2, 5, 5))).toEqual({ seqs: [3, 4], more: true })
      expect(seqs(await log.readUpdates(id, 4, 5, 5))).toEqual({ seqs: [5], more: false })
      // A page smaller than one update still holds one.
      expect(seqs(await log.readUpdates(id, 0, 6, 1))).toEqual({ seqs: [1], more: true })
      expect(seqs(await log.readUpdates(id, 6, 6, 1))).toEqual({ seqs: [], more: false })
      expect(seqs(await log.readReplay(id, 4))).toEqual({ seqs: [5, 6], more: false })
    })

    it('a page of updates reads as null once a snapshot stored after the replay may have dropped some of them, or the board is gone', async () => {
      const log = await open()
      const id = await boardIn(log)
      await appendUpdates(log, id, 4)
      const replay = (await log.readReplay(id, 0, 1))!
      expect(replay.updates.map((u) => u.seq)).toEqual([1])
      expect(await append(log, snapshot(id, 4))).toEqual([{ status: 'stored', seq: 5 }])
      expect(await log.readUpdates(id, 1, replay.headSeq, 1)).toBeNull()
      // Read afresh, the replay holds: the snapshot, and no updates.
      const fresh = (await log.readReplay(id, 0, 1))!
      expect(fresh).toMatchObject({ snapshot: { seq: 5 }, updates: [], moreUpdates: false, headSeq: 5 })
      await append(log, update(id, 6))
      expect((await log.readUpdates(id, 5, 6, 1))?.updates.map((u) => u.seq)).toEqual([6])
      await log.retireBoard(id, 'deleted')
      expect(await log.readUpdates(id, 5, 6, 1)).toBeNull()
    })

    it('a replay after knownSeq returns only newer entries, and the latest snapshot only when it is newer', async () => {
      const log = await open()
      const id = await boardIn(log)
      expect(await log.readReplay(id, 0)).toEqual({ snapshot: null, updates: [], moreUpdates: false, headSeq: 0 })
      await appendUpdates(log, id, 4)
      expect(summary(await readWholeReplay(log, id, 2))).toEqual({ snapshot: null, updates: [3, 4], headSeq: 4 })
      await append(log, snapshot(id, 3), update(id, 6))
      // The snapshot (seq 5) deleted 1–3; a client that had read 2 gets its content, then 4 and 6.
      expect(summary(await readWholeReplay(log, id, 2))).toEqual({
        snapshot: { seq: 5, coversSeq: 3, carriesChanges: false, parts: [[3]] },
        updates: [4, 6],
        headSeq: 6,
      })
      expect(summary(await readWholeReplay(log, id, 5))).toEqual({ snapshot: null, updates: [6], headSeq: 6 })
      expect(summary(await readWholeReplay(log, id, 6))).toEqual({ snapshot: null, updates: [], headSeq: 6 })
      expect(await log.readReplay(newId(), 0)).toBeNull()
    })

    it('a pure snapshot the client already holds comes back with parts null', async () => {
      const log = await open()
      const id = await boardIn(log)
      await appendUpdates(log, id, 3)
      await append(log, snapshot(id, 3))
      expect(summary(await readWholeReplay(log, id, 3))).toEqual({
        snapshot: { seq: 4, coversSeq: 3, carriesChanges: false, parts: null },
        updates: [],
        headSeq: 4,
      })
      expect(summary(await readWholeReplay(log, id, 2))?.snapshot?.parts).toEqual([[3]])
    })

    it('a snapshot that carries changes comes back with parts even when it covers no more than knownSeq', async () => {
      const log = await open()
      const id = await boardIn(log)
      await appendUpdates(log, id, 3)
      await append(log, snapshot(id, 2, { carriesChanges: true }))
      expect(summary(await readWholeReplay(log, id, 3))).toEqual({
        snapshot: { seq: 4, coversSeq: 2, carriesChanges: true, parts: [[2]] },
        updates: [],
        headSeq: 4,
      })
    })

    it('the tail size counts the updates the log holds, and follows appends and snapshots', async () => {
      const log = await open()
      const id = await boardIn(log)
      expect(await log.tailSize(id)).toEqual({ updates: 0, bytes: 0 })
      await append(log, update(id, 1, 2, 3), update(id, 4, 5))
      expect(await log.tailSize(id)).toEqual({ updates: 2, bytes: 5 })
      await append(log, update(id, 6))
      expect(await log.tailSize(id)).toEqual({ updates: 3, bytes: 6 })
      await append(log, snapshot(id, 2, { parts: [bytes(0, 0, 0, 0)] }))
      expect(await log.tailSize(id)).toEqual({ updates: 1, bytes: 1 })
      // In one batch: an update, a snapshot covering it, another update.
      await append(log, update(id, 7, 7), snapshot(id, 5), update(id, 8, 8, 8))
      expect(await log.tailSize(id)).toEqual({ updates: 1, bytes: 3 })
    })

    it('the head seqs of many boards come in one call, live boards only', async () => {
      const log = await open()
      const [a, b, gone] = [await boardIn(log), await boardIn(log), await boardIn(log)]
      await append(log, update(a, 1), update(a, 2), update(b, 3), snapshot(a, 2))
      await log.retireBoard(gone, 'deleted')
      const heads = await log.headSeqs([a, b, gone, newId()])
      expect([...heads.entries()].sort()).toEqual(
        [
          [a, 3],
          [b, 1],
        ].sort(),
      )
      expect((await log.headSeqs([])).size).toBe(0)
    })

    it('deleting a board drops its log at once and leaves a tombstone', async () => {
      const log = await open()
      const id = await boardIn(log)
      await append(log, update(id, 1), snapshot(id, 1))
      expect(await log.retireBoard(id, 'deleted')).toBe(true)
      expect(await log.getBoard(id)).toEqual({ status: 'retired', reason: 'deleted', note: null })
      expect(await log.readReplay(id, 0)).toBeNull()
      expect(await log.tailSize(id)).toEqual({ updates: 0, bytes: 0 })
      expect(await log.retireBoard(id, 'deleted')).toBe(false)
      expect(await log.createBoard(id, hash)).toBe('exists')
      expect(await log.retireBoard(newId(), 'deleted')).toBe(false)
    })

    it('a board retired after moving to a new link drops its log like a deleted one, and its tombstone says it moved', async () => {
      const log = await open()
      const id = await boardIn(log)
      await append(log, update(id, 1))
      expect(await log.retireBoard(id, 'moved')).toBe(true)
      expect(await log.getBoard(id)).toEqual({ status: 'retired', reason: 'moved', note: null })
      expect(await log.readReplay(id, 0)).toBeNull()
      // Retired once: a later delete changes nothing, not even the reason.
      expect(await log.retireBoard(id, 'deleted')).toBe(false)
      expect(await log.getBoard(id)).toEqual({ status: 'retired', reason: 'moved', note: null })
    })

    it('a retired board keeps the sealed note its retiring device left (who, when), byte for byte, across a restart; a later retirement does not replace it', async () => {
      const log = await open()
      const deleted = await boardIn(log)
      const moved = await boardIn(log)
      await append(log, update(deleted, 1), update(moved, 2))
      const note = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)
      expect(await log.retireBoard(deleted, 'deleted', note)).toBe(true)
      expect(await log.retireBoard(moved, 'moved', bytes(1, 2, 3))).toBe(true)
      expect(await log.retireBoard(moved, 'deleted', bytes(9))).toBe(false)
      await log.close()
      const again = await factory.reopen()
      opened.push(again)
      expect(await again.getBoard(deleted)).toEqual({ status: 'retired', reason: 'deleted', note })
      expect(await again.getBoard(moved)).toEqual({ status: 'retired', reason: 'moved', note: bytes(1, 2, 3) })
      expect(await again.usage()).toEqual({ boards: 0, storedBytes: 0 })
    })

    it('the history lists every snapshot, newest first, with its size; a version reads back as its parts joined', async () => {
      const log = await open()
      const id = await boardIn(log)
      await append(
        log,
        update(id, 1),
        snapshot(id, 1, { parts: [bytes(10, 11), bytes(12)] }),
        update(id, 3),
        snapshot(id, 3, { parts: [bytes(20)] }),
      )
      const history = await log.listHistory(id)
      expect(history?.map(({ seq, coversSeq, bytes }) => ({ seq, coversSeq, bytes }))).toEqual([
        { seq: 4, coversSeq: 3, bytes: 1 },
        { seq: 2, coversSeq: 1, bytes: 3 },
      ])
      expect(history![0]!.createdAt).toBeGreaterThanOrEqual(history![1]!.createdAt)
      expect(Array.from((await readWholeSnapshot(log, id, 2))!)).toEqual([10, 11, 12])
      expect(await readWholeSnapshot(log, id, 3)).toBeNull() // an update, not a version
      expect(await log.listHistory(newId())).toBeNull()
      await log.retireBoard(id, 'deleted')
      expect(await log.listHistory(id)).toBeNull()
      expect(await readWholeSnapshot(log, id, 2)).toBeNull()
    })

    /** A log whose clock the test moves, and a board on it whose versions are posted one after another. */
    const clockedBoard = async (options: Partial<LogOptions> = {}) => {
      const clock = { now: noonOfDay(1) }
      const log = await open({ ...options, now: () => clock.now })
      const id = await boardIn(log)
      let head = 0
      /** Posts `count` versions of `size` bytes, in one batch, each containing the one before. */
      const postVersions = async (count = 1, size = 1) => {
        const items = Array.from({ length: count }, (_, i) =>
          snapshot(id, head + i, { carriesChanges: true, parts: [new Uint8Array(size)] }),
        )
        const results = await log.append(items)
        head += results.filter((result) => result.status === 'stored').length
        return results
      }
      /** The day (of 2025's January) each version in the history was stored, newest first. */
      const versionDays = async () => (await log.listHistory(id))!.map((version) => new Date(version.createdAt).getUTCDate())
      return { clock, log, id, postVersions, versionDays }
    }

    it('the history keeps the three newest versions and, within its retention, the first of each day: a thousand versions posted in one day leave the earlier days in place', async () => {
      const { clock, postVersions, versionDays, log, id } = await clockedBoard()
      for (let day = 1; day <= 5; day++) {
        clock.now = noonOfDay(day) - 4 * 60 * 60 * 1000
        await postVersions()
        clock.now = noonOfDay(day) + 6 * 60 * 60 * 1000
        await postVersions()
      }
      clock.now = noonOfDay(6)
      for (let batch = 0; batch < 10; batch++) await postVersions(100)
      // Day 6's first and its three newest; one version (the first) of each earlier day.
      expect(await versionDays()).toEqual([6, 6, 6, 6, 5, 4, 3, 2, 1])
      const history = (await log.listHistory(id))!
      for (const version of history) expect(await readWholeSnapshot(log, id, version.seq)).not.toBeNull()
      expect(new Date(history.at(-1)!.createdAt).getUTCHours()).toBe(8)
    })

    it('past its retention the history lets a version go, unless it is one of the three newest, and its parts go with it', async () => {
      const { clock, postVersions, versionDays, log, id } = await clockedBoard({ historyRetentionMs: 2 * DAY_MS })
      for (let day = 1; day <= 5; day++) {
        clock.now = noonOfDay(day)
        await postVersions()
      }
      expect(await versionDays()).toEqual([5, 4, 3])
      expect(await readWholeSnapshot(log, id, 1)).toBeNull()
      clock.now += 60_000
      await postVersions(2)
      // Day 3's version is now older than the retention, and no longer among the three newest.
      expect(await versionDays()).toEqual([5, 5, 5, 4])
    })

    it('a board stores no more than its quota: a write that would pass it is refused as board-full, stores nothing and takes no seq', async () => {
      const log = await open({ maxBoardBytes: 10 })
      const [id, other] = [await boardIn(log), await boardIn(log)]
      expect(await append(log, updateOf(id, 4), updateOf(id, 4), updateOf(id, 3), updateOf(other, 10))).toEqual([
        stored(1),
        stored(2),
        boardFull,
        stored(1),
      ])
      // Up to the quota exactly, and not a byte more.
      expect(await append(log, updateOf(id, 2), updateOf(id, 1), updateOf(other, 1))).toEqual([stored(3), boardFull, boardFull])
      expect(summary(await readWholeReplay(log, id, 0))).toEqual({ snapshot: null, updates: [1, 2, 3], headSeq: 3 })
      expect(await log.tailSize(id)).toEqual({ updates: 3, bytes: 10 })
    })

    it('the quota counts the tail, the latest snapshot and every version in the history', async () => {
      const log = await open({ maxBoardBytes: 20 })
      const id = await boardIn(log)
      // A version of 6 bytes replaces a tail of 8, then another replaces a tail of 4: two versions, 12 bytes.
      expect(await append(log, updateOf(id, 8), snapshot(id, 1, { parts: [new Uint8Array(6)] }))).toEqual([stored(1), stored(2)])
      expect(await append(log, updateOf(id, 4), snapshot(id, 3, { parts: [new Uint8Array(2), new Uint8Array(4)] }))).toEqual([
        stored(3),
        stored(4),
      ])
      expect(await append(log, updateOf(id, 8), updateOf(id, 1))).toEqual([stored(5), boardFull])
      expect(await log.listHistory(id)).toHaveLength(2)
    })

    it('a write that leaves the board no larger always passes, so a full board can be made smaller by a snapshot of its tail', async () => {
      const log = await open({ maxBoardBytes: 10 })
      const [id, other] = [await boardIn(log), await boardIn(log)]
      expect(await append(log, updateOf(id, 5), updateOf(id, 5), updateOf(id, 1))).toEqual([stored(1), stored(2), boardFull])
      // Growing by a byte is refused, and the tail it would have dropped stays; growing by nothing passes.
      expect(await append(log, snapshot(id, 2, { parts: [new Uint8Array(11)] }))).toEqual([boardFull])
      expect(summary(await readWholeReplay(log, id, 0))?.updates).toEqual([1, 2])
      expect(await append(log, updateOf(other, 10), snapshot(other, 1, { parts: [new Uint8Array(10)] }))).toEqual([stored(1), stored(2)])
      await log.close()
      // A quota lowered below what a board stores (an operator's new setting): it may not grow, but it may shrink.
      const lowered = await factory.reopen({ maxBoardBytes: 4 })
      opened.push(lowered)
      expect(await lowered.append([updateOf(id, 1), snapshot(id, 2, { parts: [new Uint8Array(6)] }), updateOf(id, 1)])).toEqual([
        boardFull,
        stored(3),
        boardFull,
      ])
    })

    it('a full board refuses a new version rather than let an older one go: the history is never pruned to make room', async () => {
      const { postVersions, log, id } = await clockedBoard({ maxBoardBytes: 12 })
      expect(await postVersions(3, 4)).toEqual([stored(1), stored(2), stored(3)])
      // A fourth would need the day's first or one of the three newest to go.
      expect(await postVersions(1, 4)).toEqual([boardFull])
      expect((await log.listHistory(id))!.map((version) => version.seq)).toEqual([3, 2, 1])
    })

    it("a full board takes a new version when the history's own rule lets one go with it, and is weighed after it", async () => {
      const { postVersions, log, id } = await clockedBoard({ maxBoardBytes: 16 })
      expect(await postVersions(4, 4)).toEqual([stored(1), stored(2), stored(3), stored(4)])
      // The second goes, as it would on any board: neither the day's first nor among the three newest.
      expect(await postVersions(1, 4)).toEqual([stored(5)])
      expect((await log.listHistory(id))!.map((version) => version.seq)).toEqual([5, 4, 3, 1])
      expect(await postVersions(1, 5)).toEqual([boardFull])
      expect((await log.listHistory(id))!.map((version) => version.seq)).toEqual([5, 4, 3, 1])
    })

    it('versions past the retention go with the next one stored, so a board full of expired versions takes a new one', async () => {
      const { clock, postVersions, versionDays } = await clockedBoard({ maxBoardBytes: 12, historyRetentionMs: 10 * DAY_MS })
      await postVersions(3, 4)
      expect(await postVersions(1, 4)).toEqual([boardFull])
      clock.now = noonOfDay(20)
      expect(await postVersions(1, 4)).toEqual([stored(4)])
      expect(await versionDays()).toEqual([20, 1, 1])
    })

    it('the server refuses growth on every board once all boards together would pass its cap (storage-full); shrinking and deleting make room, across restarts', async () => {
      const log = await open({ maxStoredBytes: 10 })
      const [a, b] = [await boardIn(log), await boardIn(log)]
      expect(await append(log, updateOf(a, 6), updateOf(b, 5), updateOf(b, 4))).toEqual([stored(1), storageFull, stored(1)])
      expect(await append(log, snapshot(a, 1, { parts: [new Uint8Array(2)] }), updateOf(b, 4), updateOf(a, 1))).toEqual([
        stored(2),
        stored(2),
        storageFull,
      ])
      await log.close()
      const again = await factory.reopen({ maxStoredBytes: 10 })
      opened.push(again)
      expect(await again.append([updateOf(a, 1)])).toEqual([storageFull])
      expect(await again.retireBoard(b, 'deleted')).toBe(true)
      expect(await again.append([updateOf(a, 8), updateOf(a, 1)])).toEqual([stored(3), storageFull])
      expect(await again.usage()).toEqual({ boards: 1, storedBytes: 10 })
    })

    it('what was appended is there after a restart, and seqs go on from the head', async () => {
      const log = await open()
      const id = await boardIn(log)
      await append(log, update(id, 9, 9), update(id, 8), snapshot(id, 1, { keepSeqs: [], parts: [bytes(5), bytes(6)] }))
      await log.close()
      const again = await factory.reopen()
      opened.push(again)
      expect(summary(await readWholeReplay(again, id, 0))).toEqual({
        snapshot: { seq: 3, coversSeq: 1, carriesChanges: false, parts: [[5], [6]] },
        updates: [2],
        headSeq: 3,
      })
      expect(await again.append([update(id, 1)])).toEqual([{ status: 'stored', seq: 4 }])
    })
  })
}
