import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { askToRemove, confirmRemoval, keepOnBoard } from '../../../client/people/removal.ts'
import { isRemoved, readRemoval, readRemovals, removalsMap } from '../../../client/core/removals.ts'
import type { Person, Role } from '../../../shared/schema.ts'

const person = (id: string, role: Role = 'partner'): Person => ({ id, name: id, color: '#2f6f8f', role, joinedAt: 0 })
const people = new Map(['maya', 'jordan', 'lee', 'maya2'].map((id) => [id, person(id, id === 'lee' ? 'facilitator' : 'partner')]))

describe('removing a person added by mistake', () => {
  it('takes one person asking and another confirming; until then it is a request', () => {
    const doc = new Y.Doc()
    askToRemove(doc, people, 'maya2', 'maya', 10)
    expect(readRemovals(doc, people).get('maya2')).toEqual({
      personId: 'maya2',
      askedBy: 'maya',
      askedAt: 10,
      confirmedBy: null,
      confirmedAt: null,
    })
    expect(isRemoved(readRemovals(doc, people), 'maya2')).toBe(false)
    // The asker cannot confirm their own request.
    expect(confirmRemoval(doc, people, 'maya2', 'maya', 11)).toBe(false)
    expect(isRemoved(readRemovals(doc, people), 'maya2')).toBe(false)
    expect(confirmRemoval(doc, people, 'maya2', 'jordan', 12)).toBe(true)
    expect(readRemovals(doc, people).get('maya2')).toMatchObject({ askedBy: 'maya', confirmedBy: 'jordan', confirmedAt: 12 })
    expect(isRemoved(readRemovals(doc, people), 'maya2')).toBe(true)
    // A removal stands: a later request or "keep" does not overwrite who asked and who confirmed.
    askToRemove(doc, people, 'maya2', 'lee', 13)
    keepOnBoard(doc, people, 'maya2')
    expect(readRemovals(doc, people).get('maya2')).toMatchObject({ askedBy: 'maya', confirmedBy: 'jordan' })
  })

  it('can be taken back before anyone confirms', () => {
    const doc = new Y.Doc()
    askToRemove(doc, people, 'maya2', 'maya', 10)
    keepOnBoard(doc, people, 'maya2')
    expect(readRemovals(doc, people).size).toBe(0)
    expect(confirmRemoval(doc, people, 'maya2', 'jordan', 12)).toBe(false)
  })
})

describe('a removal read from the doc is checked once, where it is read', () => {
  const fine = { personId: 'maya2', askedBy: 'maya', askedAt: 1, confirmedBy: 'jordan', confirmedAt: 2 }

  it('reads a well-formed removal', () => {
    expect(readRemoval('maya2', fine, people)).toEqual(fine)
  })

  it('skips what is not a removal: not an object, a key that is not its person, someone who never joined, an odd asker or time', () => {
    for (const odd of [null, undefined, 'maya2', 42, [], () => fine]) expect(readRemoval('maya2', odd, people)).toBeNull()
    expect(readRemoval('jordan', fine, people)).toBeNull()
    expect(readRemoval('ghost', { ...fine, personId: 'ghost' }, people)).toBeNull()
    for (const askedBy of ['stranger', 7, null, { id: 'maya' }]) expect(readRemoval('maya2', { ...fine, askedBy }, people)).toBeNull()
    for (const askedAt of ['1', Number.NaN, Infinity, null]) expect(readRemoval('maya2', { ...fine, askedAt }, people)).toBeNull()
  })

  it('reads a confirmation that does not hold (by the asker, by a stranger, without a time) as the request it was, so nobody is removed by one person alone', () => {
    for (const change of [
      { confirmedBy: 'maya' },
      { confirmedBy: 'stranger' },
      { confirmedBy: 12 },
      { confirmedAt: 'now' },
      { confirmedAt: Number.NaN },
      { confirmedAt: undefined },
    ]) {
      const removal = readRemoval('maya2', { ...fine, ...change }, people)
      expect(removal).toMatchObject({ askedBy: 'maya', confirmedBy: null, confirmedAt: null })
    }
  })

  it('reads the whole map, skipping the entries that do not read', () => {
    const doc = new Y.Doc()
    removalsMap(doc).set('maya2', fine)
    removalsMap(doc).set('jordan', { personId: 'maya', askedBy: 'maya', askedAt: 1 })
    removalsMap(doc).set('__proto__', { personId: '__proto__', askedBy: 'maya', askedAt: 1 })
    expect([...readRemovals(doc, people).keys()]).toEqual(['maya2'])
  })
})
