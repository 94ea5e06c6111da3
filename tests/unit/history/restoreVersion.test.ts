import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addCard } from '../../../client/cards/cards.ts'
import { cardsMap, readCard } from '../../../client/core/cardView.ts'
import { joinBoard, peopleMap } from '../../../client/core/people.ts'
import { startTalk } from '../../../client/core/talks.ts'
import { latestRestore } from '../../../client/history/restoreRecord.ts'
import { restoreVersion, undoRestore } from '../../../client/history/restoreVersion.ts'
import { copyOf, newBoard } from './boards.ts'

const person = (id: string) => ({ id, name: id, role: 'partner' as const, color: '#2f6f8f', joinedAt: 0 })

function texts(doc: Y.Doc): string[] {
  return [...cardsMap(doc)].map(([id, fields]) => readCard(id, fields)?.text ?? '?').sort()
}

/** Two devices' docs kept in step, as the relay keeps them. */
function pair(): [Y.Doc, Y.Doc] {
  const [a, b] = [new Y.Doc(), new Y.Doc()]
  a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update))
  b.on('update', (update: Uint8Array) => Y.applyUpdate(a, update))
  return [a, b]
}

describe('Restore this version', () => {
  it('brings back cards wiped since, removes cards added since, and is one edit the other device receives', () => {
    const [alex, blair] = pair()
    joinBoard(alex, person('alex'))
    const talkId = startTalk(alex, 1)
    addCard(alex, { lane: 'feelings', text: 'Hurt, and hopeful', authorId: 'alex', createdAt: 1, talkId })
    addCard(alex, { lane: 'needs', text: 'Honesty', authorId: 'alex', createdAt: 2, talkId })
    const version = new Y.Doc()
    Y.applyUpdate(version, Y.encodeStateAsUpdate(alex))

    // Blair wipes the cards and writes something else.
    blair.transact(() => cardsMap(blair).clear())
    joinBoard(blair, person('blair'))
    addCard(blair, { lane: 'concerns', text: 'Written after the wipe', authorId: 'blair', createdAt: 3, talkId })
    expect(texts(alex)).toEqual(['Written after the wipe'])

    let edits = 0
    blair.on('update', () => edits++)
    restoreVersion(alex, version, 1, { id: 'r1', byId: 'alex', at: 10 })
    expect(texts(alex)).toEqual(['Honesty', 'Hurt, and hopeful'])
    expect(texts(blair)).toEqual(['Honesty', 'Hurt, and hopeful'])
    expect(edits).toBe(1)
    // People only ever come back, never go: Blair joined after the version and is still here.
    expect([...peopleMap(alex).keys()].sort()).toEqual(['alex', 'blair'])
  })

  it('rewrites only the cards that differ', () => {
    const doc = new Y.Doc()
    const talkId = startTalk(doc, 1)
    addCard(doc, { lane: 'feelings', text: 'Unchanged', authorId: 'a', createdAt: 1, talkId })
    const version = new Y.Doc()
    Y.applyUpdate(version, Y.encodeStateAsUpdate(doc))
    let changedKeys: string[] = []
    cardsMap(doc).observe((event) => (changedKeys = [...event.keysChanged]))
    restoreVersion(doc, version, 1, { id: 'r1', byId: 'a', at: 10 })
    expect(changedKeys).toEqual([])
    expect(texts(doc)).toEqual(['Unchanged'])
  })
})

/** A board with one agreement placed after its first version, then restored to that version by `a`. */
function restoredOverAnAgreement(text: string): Y.Doc {
  const { doc, talkId, firstVersion } = newBoard()
  addCard(doc, { lane: 'agreements', text, authorId: 'a', createdAt: 1, talkId })
  restoreVersion(doc, firstVersion, 1, { id: 'r1', byId: 'a', at: 10 })
  return doc
}

describe('Undo the restore', () => {
  it('is recorded in the same edit as the restore, naming who restored, when, and which version, on the other device too', () => {
    const [alex, blair] = pair()
    const talkId = startTalk(alex, 1)
    const version = copyOf(alex)
    addCard(alex, { lane: 'feelings', text: 'Written after the version', authorId: 'alex', createdAt: 2, talkId })
    let edits = 0
    blair.on('update', () => edits++)
    restoreVersion(alex, version, 1234, { id: 'r1', byId: 'alex', at: 5000 })
    expect(edits).toBe(1)
    const record = latestRestore(copyOf(blair))
    expect(record).toMatchObject({ id: 'r1', kind: 'restore', byId: 'alex', at: 5000, versionAt: 1234, undoneById: null, added: [] })
    expect(record?.before).toBeInstanceOf(Uint8Array)
  })

  it('on another device brings back the cards as they were just before the restore, keeps cards written since, and names who undid it', () => {
    const [alex, blair] = pair()
    const talkId = startTalk(alex, 1)
    const kept = addCard(alex, { lane: 'needs', text: 'Kept throughout', authorId: 'alex', createdAt: 1, talkId })!
    const version = copyOf(alex)
    addCard(alex, { lane: 'feelings', text: 'Wiped by the restore', authorId: 'alex', createdAt: 2, talkId })
    blair.transact(() => cardsMap(blair).delete(kept))
    restoreVersion(alex, version, 1, { id: 'r1', byId: 'alex', at: 10 })
    expect(texts(blair)).toEqual(['Kept throughout'])
    addCard(blair, { lane: 'concerns', text: 'Written after the restore', authorId: 'blair', createdAt: 11, talkId })

    const restore = latestRestore(blair)!
    expect(undoRestore(blair, restore, { id: 'u1', byId: 'blair', at: 20 })).toBe(true)
    expect(texts(alex)).toEqual(['Written after the restore', 'Wiped by the restore'].sort())
    expect(latestRestore(alex)).toMatchObject({ id: 'u1', kind: 'undo', byId: 'blair', at: 20, versionAt: 1, undoneById: 'alex' })
  })

  it('does nothing for a restore that is no longer the latest, so two undos never fight', () => {
    const doc = restoredOverAnAgreement('Here before')
    const restore = latestRestore(doc)!
    expect(undoRestore(doc, restore, { id: 'u1', byId: 'b', at: 20 })).toBe(true)
    expect(undoRestore(doc, restore, { id: 'u2', byId: 'a', at: 21 })).toBe(false)
    expect(latestRestore(doc)?.id).toBe('u1')
    expect(texts(doc)).toEqual(['Here before'])
  })

  it('needs nothing from the server: the cards from before travel in the doc, through its encoding', () => {
    const elsewhere = copyOf(restoredOverAnAgreement('Phones away at dinner'))
    expect(undoRestore(elsewhere, latestRestore(elsewhere)!, { id: 'u1', byId: 'b', at: 20 })).toBe(true)
    expect(texts(elsewhere)).toEqual(['Phones away at dinner'])
  })
})
