/**
 * The log mirror kept on the device (client/sync/mirrorKeeper.ts,
 * mirrorRecord.ts): read back before the first hello, written as one record
 * in one transaction, and anything wrong with it a fresh start, never a
 * crash. Run against an in-memory IndexedDB through y-indexeddb, as the
 * browser keeps it.
 */
import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as encoding from 'lib0/encoding'
import { connectBoard } from '../../../client/sync/connectBoard.ts'
import { LogMirror, type MirrorPicture } from '../../../client/sync/logMirror.ts'
import { boardCopyShelf, MirrorKeeper, type MirrorShelf } from '../../../client/sync/mirrorKeeper.ts'
import { decodeMirrorRecord, encodeMirrorRecord, MIRROR_RECORD_FORMAT } from '../../../client/sync/mirrorRecord.ts'
import { deriveBoardKeys, generateBoardId, generateBoardSecret, openPayload, sealPayload } from '../../../shared/crypto.ts'
import { PROTOCOL_VERSION } from '../../../shared/protocol.ts'
import { afterThisTest } from '../../kit/teardown.ts'
import { noteUpdate, ScriptedSocket } from '../../kit/scriptedServer.ts'
import { sleep, until } from '../../kit/waits.ts'

const notes = (doc: Y.Doc) => doc.getArray<string>('notes').toArray().sort()

/** A mirror that has seen a little of everything: entries, one seen ahead of a gap, a snapshot, an unreadable entry, its own ack. */
function busyMirror(): LogMirror {
  const mirror = new LogMirror()
  mirror.applyEntry(1, noteUpdate('one'), 40)
  mirror.applyEntry(2, noteUpdate('two'), 41)
  mirror.noteSnapshot(3, 2)
  mirror.markUnreadable(4)
  mirror.acknowledge(5, noteUpdate('mine'), 42)
  mirror.applyEntry(7, noteUpdate('seven, ahead of a gap'), 43)
  return mirror
}

/** The picture without its content, which is compared by what it holds. */
const seqsOf = ({ state: _state, ...seqs }: MirrorPicture) => seqs

/** A board's own y-indexeddb database, as openBoard opens it; closed when the test ends. */
function boardCopy(boardId: string, doc = new Y.Doc()): IndexeddbPersistence {
  const local = new IndexeddbPersistence(`common-ground:board:${boardId}`, doc)
  afterThisTest(() => local.destroy())
  return local
}

function keeperOf(boardId: string, shelf: MirrorShelf, doc = new Y.Doc()) {
  const mirror = new LogMirror()
  const info = vi.fn()
  const keeper = new MirrorKeeper({ boardId, mirror, doc, shelf, info })
  afterThisTest(() => keeper.stop())
  return { mirror, doc, keeper, info }
}

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('the kept log mirror', () => {
  it('comes back as it was written: content, seqs, tail, unreadable entries and the gap', () => {
    const mirror = busyMirror()
    const restored = new LogMirror()
    expect(restored.restore(decodeMirrorRecord('b1', encodeMirrorRecord('b1', mirror.picture())))).toBe(true)
    expect(seqsOf(restored.picture())).toEqual(seqsOf(mirror.picture()))
    expect(restored.knownSeq).toBe(5)
    expect(restored.tail).toEqual(mirror.tail)
    expect(restored.unreadableUpTo(10)).toEqual([4])
    expect(notes(restored.doc)).toEqual(notes(mirror.doc))
    // The gap is still a gap: seq 6 arriving closes it up to 7, and 7 counts once in the tail.
    restored.applyEntry(6, noteUpdate('six'), 10)
    expect(restored.knownSeq).toBe(7)
    restored.applyEntry(7, noteUpdate('seven, ahead of a gap'), 43)
    expect(restored.tail).toEqual({ updates: mirror.tail.updates + 1, bytes: mirror.tail.bytes + 10 })
  })

  it('is written by the keeper to the board’s own database and read back there by a new page, into the mirror and the board', async () => {
    const boardId = generateBoardId()
    const first = keeperOf(boardId, boardCopyShelf(boardCopy(boardId)))
    await first.keeper.restored
    first.mirror.applyEntry(1, noteUpdate('one'), 40)
    first.mirror.applyEntry(2, noteUpdate('two'), 40)
    first.keeper.keepNow()
    const shelf = boardCopyShelf(boardCopy(boardId))
    await until(async () => (await shelf.read()) !== undefined, 'the record to be written')

    // A reload: a new doc and mirror, the same database.
    const reloaded = keeperOf(boardId, shelf)
    await reloaded.keeper.restored
    expect(reloaded.mirror.knownSeq).toBe(2)
    expect(notes(reloaded.mirror.doc)).toEqual(['one', 'two'])
    expect(notes(reloaded.doc)).toEqual(['one', 'two'])
    expect(reloaded.info).not.toHaveBeenCalled()
  })

  it('starts from nothing, saying so, from a record that is corrupt, of another format or board, or inconsistent', async () => {
    const good = encodeMirrorRecord('b1', busyMirror().picture())
    const recordWith = (change: (picture: MirrorPicture) => MirrorPicture) => encodeMirrorRecord('b1', change(busyMirror().picture()))
    const otherFormat = encoding.createEncoder()
    encoding.writeVarUint(otherFormat, MIRROR_RECORD_FORMAT + 1)
    const bad: [string, unknown][] = [
      ['not binary', 'knownSeq=5'],
      ['an object', { knownSeq: 5 }],
      ['empty', new ArrayBuffer(0)],
      ['truncated', good.slice(0, good.byteLength - 3)],
      ['with trailing bytes', new Uint8Array([...new Uint8Array(good), 0]).buffer],
      ['of another format', encoding.toUint8Array(otherFormat).slice().buffer],
      ['of another board', encodeMirrorRecord('b2', busyMirror().picture())],
      ['with a seq seen ahead that is not', recordWith((p) => ({ ...p, seenAhead: [p.knownSeq + 1] }))],
      ['with a snapshot past what it saw', recordWith((p) => ({ ...p, snapshotSeq: 99 }))],
      ['with a snapshot covering past knownSeq', recordWith((p) => ({ ...p, snapshotCovers: p.knownSeq + 1 }))],
      ['with an unreadable seq it never saw', recordWith((p) => ({ ...p, unreadable: [6] }))],
      ['with a tail entry listed twice', recordWith((p) => ({ ...p, tail: [...p.tail, p.tail[0]!] }))],
      ['with content that is not a Yjs update', recordWith((p) => ({ ...p, state: new Uint8Array([255, 255, 255, 1, 2]) }))],
    ]
    for (const [what, value] of bad) {
      const board = new Y.Doc()
      const { mirror, keeper, info } = keeperOf('b1', { read: async () => value, write: async () => {} }, board)
      await keeper.restored
      expect(mirror.knownSeq, what).toBe(0)
      expect(mirror.snapshotSeq, what).toBe(0)
      expect(notes(mirror.doc), what).toEqual([])
      expect(notes(board), what).toEqual([])
      expect(info, what).toHaveBeenCalledOnce()
    }
  })

  it('starts from nothing when the record cannot be read, or not in time', async () => {
    const failing = keeperOf('b1', { read: () => Promise.reject(new Error('disk gone')), write: async () => {} })
    await failing.keeper.restored
    expect(failing.mirror.knownSeq).toBe(0)
    expect(failing.info).toHaveBeenCalledOnce()

    vi.useFakeTimers()
    let answer: (value: unknown) => void = () => {}
    const stuck = keeperOf('b1', { read: () => new Promise((resolve) => (answer = resolve)), write: async () => {} })
    await vi.advanceTimersByTimeAsync(3000)
    await stuck.keeper.restored
    // Too late: the hello has gone with knownSeq 0, and the mirror must stay what that hello said.
    answer(encodeMirrorRecord('b1', busyMirror().picture()))
    await vi.advanceTimersByTimeAsync(10)
    expect(stuck.mirror.knownSeq).toBe(0)
    expect(notes(stuck.doc)).toEqual([])
  })

  it('writes content and seqs in one transaction: a write aborted after its put leaves the previous record whole', async () => {
    const boardId = generateBoardId()
    const shelf = boardCopyShelf(boardCopy(boardId))
    const { mirror, keeper, info } = keeperOf(boardId, shelf)
    await keeper.restored
    mirror.applyEntry(1, noteUpdate('one'), 40)
    keeper.keepNow()
    await until(async () => (await shelf.read()) !== undefined, 'the first record')

    // The next write is put, then its transaction aborts before it commits.
    const put = IDBObjectStore.prototype.put
    let aborted = 0
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = put.apply(this, args)
      this.transaction.abort()
      aborted++
      return request
    })
    mirror.applyEntry(2, noteUpdate('two'), 40)
    keeper.keepNow()
    await until(() => info.mock.calls.length === 1, 'the failed write to be told')
    vi.restoreAllMocks()
    expect(aborted).toBe(1)

    const kept = decodeMirrorRecord(boardId, await shelf.read())
    const held = new Y.Doc()
    Y.applyUpdate(held, kept.state)
    expect(kept.knownSeq).toBe(1)
    expect(notes(held)).toEqual(['one'])
  })

  it('writes a burst once, after it goes quiet, and keeps writing every few seconds while changes keep coming', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const writes: MirrorPicture[] = []
    const { mirror, keeper } = keeperOf('b1', {
      read: async () => undefined,
      write: async (record) => writes.push(decodeMirrorRecord('b1', record)),
    })
    await keeper.restored
    for (let seq = 1; seq <= 100; seq++) mirror.applyEntry(seq, noteUpdate(`n${seq}`), 10)
    await vi.advanceTimersByTimeAsync(999)
    expect(writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(writes.map((picture) => picture.knownSeq)).toEqual([100])

    // One change every half second: never quiet, so written every 5 s.
    for (let seq = 101; seq <= 120; seq++) {
      mirror.applyEntry(seq, noteUpdate(`n${seq}`), 10)
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(writes.map((picture) => picture.knownSeq)).toEqual([100, 110, 120])
  })
})

describe('a board opened with a kept mirror', () => {
  /** connectBoard over scripted sockets, as openBoard runs it, with `shelf`. */
  async function openedWith(shelf: MirrorShelf) {
    const boardId = 'b1'
    const secret = generateBoardSecret()
    const keys = await deriveBoardKeys(boardId, secret)
    const sockets: ScriptedSocket[] = []
    class BoardSocket extends ScriptedSocket {
      constructor(url: string) {
        super(url)
        sockets.push(this)
      }
    }
    const doc = new Y.Doc()
    const connection = connectBoard({
      boardId,
      secret,
      doc,
      socketUrl: 'ws://test/ws',
      WebSocketImpl: BoardSocket,
      crossTab: false,
      mirrorShelf: shelf,
    })
    afterThisTest(() => connection.destroy())
    const hello = async () => {
      await until(() => sockets[0]?.sentOf('hello').length === 1, 'the hello')
      return sockets[0]!.sentOf('hello')[0]!
    }
    const entry = async (seq: number, update: Uint8Array) => ({
      tag: 'entry' as const,
      seq,
      sealed: await sealPayload(keys.encryptionKey, boardId, 'update', update),
    })
    return { connection, doc, keys, sockets, hello, entry }
  }

  it('says hello only once the kept record is read, with the seq it holds, and the board holds what that seq covers', async () => {
    let answer: (value: unknown) => void = () => {}
    const opened = await openedWith({ read: () => new Promise((resolve) => (answer = resolve)), write: async () => {} })
    await sleep(50)
    expect(opened.sockets[0]?.sentOf('hello') ?? []).toEqual([])

    const kept = new LogMirror()
    kept.applyEntry(1, noteUpdate('one'), 40)
    kept.applyEntry(2, noteUpdate('two'), 40)
    answer(encodeMirrorRecord('b1', kept.picture()))
    expect((await opened.hello()).knownSeq).toBe(2)
    expect(notes(opened.doc)).toEqual(['one', 'two'])
  })

  it('still reads the log afresh, notes the rollback and sends back what it lacks when the server replays from 0', async () => {
    const [one, two] = [noteUpdate('one'), noteUpdate('two')]
    const kept = new LogMirror()
    kept.applyEntry(1, one, 40)
    kept.applyEntry(2, two, 40)
    kept.acknowledge(3, noteUpdate('mine, acked before the reload'), 40)
    const opened = await openedWith({ read: async () => encodeMirrorRecord('b1', kept.picture()), write: async () => {} })
    expect((await opened.hello()).knownSeq).toBe(3)

    // The server's log was restored from a backup that ends at seq 2.
    const socket = opened.sockets[0]!
    socket.serverSays({ tag: 'welcome', version: PROTOCOL_VERSION, serverTime: Date.now(), peerId: 1, replayFrom: 0 })
    socket.serverSays(await opened.entry(1, one))
    socket.serverSays(await opened.entry(2, two))
    socket.serverSays({ tag: 'replayDone', headSeq: 2 })
    await until(() => opened.connection.witness.rollback === 'older-log', 'the rollback to be noted')
    const [push] = await until(() => socket.sentOf('pushUpdate').length >= 1, 'what the log lacks to be sent back').then(() =>
      socket.sentOf('pushUpdate'),
    )
    const lacking = new Y.Doc()
    Y.applyUpdate(lacking, await openPayload(opened.keys.encryptionKey, 'b1', 'update', push!.sealed))
    expect(notes(lacking)).toEqual(['mine, acked before the reload'])
  })
})
