import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LogMirror } from '../../client/sync/logMirror.ts'

function noteUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getArray('notes').push([text])
  return Y.encodeStateAsUpdate(doc)
}

/** True when an update carries neither insertions nor deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  return structs.length === 0 && ds.clients.size === 0
}

const notes = (mirror: LogMirror) => mirror.doc.getArray('notes').toArray()

describe('the log mirror', () => {
  it('counts the tail after the latest snapshot, in entries and sealed bytes, and a snapshot notice resets it', () => {
    const mirror = new LogMirror()
    mirror.applyEntry(1, noteUpdate('a'), 100)
    mirror.applyEntry(2, noteUpdate('b'), 50)
    expect(mirror.tail).toEqual({ updates: 2, bytes: 150 })
    mirror.noteSnapshot(3, 2)
    expect(mirror.tail).toEqual({ updates: 0, bytes: 0 })
    expect(mirror.snapshotSeq).toBe(3)
    mirror.applyEntry(4, noteUpdate('c'), 10)
    expect(mirror.tail).toEqual({ updates: 1, bytes: 10 })
  })

  it('keeps in the tail the entries a snapshot does not cover', () => {
    const mirror = new LogMirror()
    for (let seq = 1; seq <= 4; seq++) mirror.applyEntry(seq, noteUpdate(`n${seq}`), 10)
    mirror.noteSnapshot(5, 2)
    expect(mirror.tail).toEqual({ updates: 2, bytes: 20 })
  })

  it('knows the prefix of the log it has fully seen, whatever order acks and entries come in', () => {
    const mirror = new LogMirror()
    mirror.applyEntry(1, noteUpdate('a'), 10)
    mirror.acknowledge(3, noteUpdate('mine'), 10)
    expect(mirror.knownSeq).toBe(1)
    mirror.applyEntry(2, noteUpdate('b'), 10)
    expect(mirror.knownSeq).toBe(3)
    expect(notes(mirror).sort()).toEqual(['a', 'b', 'mine'])
  })

  it('holds everything a snapshot covers, even entries it never saw one by one', () => {
    const mirror = new LogMirror()
    mirror.applyEntry(1, noteUpdate('a'), 10)
    mirror.applyEntry(9, noteUpdate('after'), 10)
    expect(mirror.applySnapshot(8, 7, noteUpdate('the board up to 7'))).toBe(true)
    expect(mirror.knownSeq).toBe(9)
    expect(mirror.snapshotSeq).toBe(8)
  })

  it('applies an acked snapshot together with the changes it carried', () => {
    const mirror = new LogMirror()
    mirror.applyEntry(1, noteUpdate('a'), 10)
    mirror.snapshotAcknowledged(2, 1, [noteUpdate('carried')])
    expect(notes(mirror).sort()).toEqual(['a', 'carried'])
    expect(mirror.knownSeq).toBe(2)
    expect(mirror.snapshotSeq).toBe(2)
  })

  it('skips an entry it cannot apply, moves past it, and lists it for a snapshot covering it to keep', () => {
    const mirror = new LogMirror()
    mirror.applyEntry(1, noteUpdate('a'), 10)
    expect(mirror.applyEntry(2, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 10)).toBe(false)
    mirror.markUnreadable(3)
    mirror.applyEntry(4, noteUpdate('b'), 10)
    expect(mirror.knownSeq).toBe(4)
    expect(notes(mirror).sort()).toEqual(['a', 'b'])
    expect(mirror.unreadableUpTo(4)).toEqual([2, 3])
    expect(mirror.unreadableUpTo(2)).toEqual([2])
    expect(mirror.canSnapshot).toBe(true)
  })

  it('posts no snapshot after one it could not read, until a full replay resets it', () => {
    const mirror = new LogMirror()
    expect(mirror.applySnapshot(2, 1, new Uint8Array([0xff, 0xff, 0xff]))).toBe(false)
    expect(mirror.canSnapshot).toBe(false)
    // Skipped like an unreadable entry: asking for it again would bring the same bytes.
    expect(mirror.knownSeq).toBe(2)
    mirror.reset()
    expect(mirror.canSnapshot).toBe(true)
  })

  it('forgets everything on reset', () => {
    const mirror = new LogMirror()
    mirror.applyEntry(1, noteUpdate('a'), 10)
    mirror.markUnreadable(2)
    mirror.noteSnapshot(3, 2)
    mirror.reset()
    expect(mirror.knownSeq).toBe(0)
    expect(mirror.snapshotSeq).toBe(0)
    expect(mirror.tail).toEqual({ updates: 0, bytes: 0 })
    expect(mirror.unreadableUpTo(10)).toEqual([])
    expect(notes(mirror)).toEqual([])
  })

  it('tells an answer holding only deletions it already has from one that deletes more', () => {
    const device = new Y.Doc()
    device.getText('t').insert(0, 'hello world')
    device.getText('t').delete(0, 6)
    const mirror = new LogMirror()
    mirror.acknowledge(1, Y.encodeStateAsUpdate(device), 10)
    // What a provider answers to the mirror's state vector: no new items, but its whole delete set.
    const answer = () => Y.encodeStateAsUpdate(device, mirror.stateVector())
    expect(isEmptyUpdate(answer())).toBe(false)
    expect(mirror.holds(answer())).toBe(true)
    device.getText('t').delete(0, 1)
    expect(mirror.holds(answer())).toBe(false)
    device.getText('t').insert(0, 'W')
    expect(mirror.holds(answer())).toBe(false)
  })

  it('answers a state vector with exactly what it lacks', () => {
    const mirror = new LogMirror()
    mirror.applyEntry(1, noteUpdate('from the log'), 10)
    expect(isEmptyUpdate(mirror.missingFrom(mirror.stateVector()))).toBe(true)
    const lacking = new Y.Doc()
    Y.applyUpdate(lacking, mirror.missingFrom(Y.encodeStateVector(lacking)))
    expect(lacking.getArray('notes').toArray()).toEqual(['from the log'])
  })
})
