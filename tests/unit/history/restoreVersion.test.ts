import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addCard } from '../../../client/cards/cards.ts'
import { cardsMap, readCard } from '../../../client/core/cardView.ts'
import { joinBoard, peopleMap } from '../../../client/core/people.ts'
import { startTalk } from '../../../client/core/talks.ts'
import { restoreVersion } from '../../../client/history/restoreVersion.ts'

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
    restoreVersion(alex, version)
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
    restoreVersion(doc, version)
    expect(changedKeys).toEqual([])
    expect(texts(doc)).toEqual(['Unchanged'])
  })
})
