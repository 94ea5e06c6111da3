import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Limits } from '../../shared/protocol.ts'
import { isEmptyUpdate, LogMirror } from '../../client/sync/logMirror.ts'

function noteUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getArray('notes').push([text])
  return Y.encodeStateAsUpdate(doc)
}

describe('the log mirror', () => {
  it('asks for a snapshot once the tail passes the update-count threshold', () => {
    const mirror = new LogMirror()
    for (let seq = 1; seq < Limits.snapshotAfterUpdates; seq++) mirror.applyEntry(seq, noteUpdate(`n${seq}`), 40)
    expect(mirror.snapshotDue()).toBe(false)
    mirror.applyEntry(Limits.snapshotAfterUpdates, noteUpdate('last'), 40)
    expect(mirror.snapshotDue()).toBe(true)
    mirror.snapshotStored(Limits.snapshotAfterUpdates)
    expect(mirror.snapshotDue()).toBe(false)
  })

  it('asks for a snapshot once the tail passes the byte threshold', () => {
    const mirror = new LogMirror()
    mirror.applyEntry(1, noteUpdate('big'), Limits.snapshotAfterBytes)
    expect(mirror.snapshotDue()).toBe(true)
  })

  it('covers only the prefix of the log it has fully seen, whatever order acks and entries come in', () => {
    const mirror = new LogMirror()
    mirror.applySnapshot(10, noteUpdate('base'))
    mirror.applyEntry(11, noteUpdate('a'), 10)
    mirror.acknowledge(13, 10)
    expect(mirror.coverableSeq).toBe(11)
    mirror.applyEntry(12, noteUpdate('b'), 10)
    expect(mirror.coverableSeq).toBe(13)
  })

  it('never snapshots over an entry it could not read', () => {
    const mirror = new LogMirror()
    mirror.markUnreadable(1)
    mirror.applyEntry(2, noteUpdate('big'), Limits.snapshotAfterBytes)
    expect(mirror.snapshotDue()).toBe(false)
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
