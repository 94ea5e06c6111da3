import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { latestRestore, readRestoreRecord, RESTORE_KEY, restoresMap } from '../../../client/history/restoreRecord.ts'

const valid = {
  id: 'r1',
  kind: 'restore',
  byId: 'maya',
  at: 1_700_000_000_000,
  versionAt: 1_699_000_000_000,
  undoneById: null,
  before: new Uint8Array([0, 0]),
  added: ['c1'],
}

describe('readRestoreRecord', () => {
  it('reads a record the app wrote', () => {
    expect(readRestoreRecord(valid)).toEqual(valid)
    expect(readRestoreRecord({ ...valid, kind: 'undo', undoneById: 'jordan' })).toMatchObject({ kind: 'undo', undoneById: 'jordan' })
  })

  it('reads an old board, written before restores were recorded, as never restored', () => {
    expect(latestRestore(new Y.Doc())).toBeNull()
  })

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['text', 'Maya restored the board'],
    ['a number', 7],
    ['an array', [valid]],
    ['a shared type', new Y.Map()],
    ['no id', { ...valid, id: undefined }],
    ['an empty id', { ...valid, id: '' }],
    ['an id of a kilobyte', { ...valid, id: 'x'.repeat(1024) }],
    ['a person id that is not text', { ...valid, byId: { toString: (): string => 'maya' } }],
    ['an unknown kind', { ...valid, kind: 'wipe' }],
    ['a time that is text', { ...valid, at: '14:02' }],
    ['a time that is not a number', { ...valid, at: Number.NaN }],
    ['an endless time', { ...valid, versionAt: Number.POSITIVE_INFINITY }],
    ['cards from before that are not bytes', { ...valid, before: [0, 0] }],
    ['cards from before as text', { ...valid, before: 'AAA=' }],
    ['added cards that are not a list', { ...valid, added: 'c1' }],
    ['added cards that are not ids', { ...valid, added: ['c1', 42] }],
    ['a list of added cards no board holds', { ...valid, added: Array.from({ length: 10_001 }, (_, i) => `c${i}`) }],
  ])('is null for %s', (_, value) => {
    expect(readRestoreRecord(value)).toBeNull()
  })

  it('names nobody as undone for a restore, and nobody for an undo whose name is not an id', () => {
    expect(readRestoreRecord({ ...valid, undoneById: 'jordan' })?.undoneById).toBeNull()
    expect(readRestoreRecord({ ...valid, kind: 'undo', undoneById: ['jordan'] })?.undoneById).toBeNull()
  })

  it('keeps a copy of the added ids, so the doc’s value is never changed through the record', () => {
    const record = readRestoreRecord(valid)!
    record.added.push('c2')
    expect(valid.added).toEqual(['c1'])
  })

  it('reads the record from the doc, after the doc has been encoded and sent', () => {
    const doc = new Y.Doc()
    restoresMap(doc).set(RESTORE_KEY, valid)
    const received = new Y.Doc()
    Y.applyUpdate(received, Y.encodeStateAsUpdate(doc))
    expect(latestRestore(received)).toEqual(valid)
    restoresMap(received).set(RESTORE_KEY, { ...valid, at: 'yesterday' })
    expect(latestRestore(received)).toBeNull()
  })
})
