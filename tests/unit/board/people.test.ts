import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { chooseColour, cleanName, paletteColour, peopleMap, readPeople, readPerson } from '../../../client/core/people.ts'
import { MAX_NAME_LENGTH, PERSON_COLOURS } from '../../../shared/schema.ts'

/** The colour a hostile partner wrote in the issue: CSS that would turn each of their cards into a full-screen overlay. */
const OVERLAY =
  '#c00; position: fixed; inset: 0; z-index: 2147483647; background: url("data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\'><text>Board deleted. Tap to restore</text></svg>")'

describe('a person read from the doc is checked once, where it is read', () => {
  it('keeps a palette colour, and replaces anything else with the palette colour the id picks, the same on every screen', () => {
    for (const colour of PERSON_COLOURS)
      expect(readPerson('p1', { id: 'p1', name: 'Alex', role: 'partner', color: colour, joinedAt: 1 })?.color).toBe(colour)
    const hostile = readPerson('mallory', { id: 'mallory', name: 'Mallory', role: 'partner', color: OVERLAY, joinedAt: 1 })
    expect(PERSON_COLOURS).toContain(hostile?.color)
    expect(hostile?.color).toBe(paletteColour('#123456', 'mallory'))
    for (const odd of ['red', 'rgb(0 0 0)', '#2F6F8F', ' #2f6f8f', 42, null, undefined, { toString: () => '#2f6f8f' }]) {
      expect(PERSON_COLOURS).toContain(readPerson('x', { id: 'x', name: 'X', role: 'partner', color: odd, joinedAt: 1 })?.color)
    }
  })

  it('makes a name one safe line: no line breaks, controls or direction overrides, no longer than the join step allows', () => {
    expect(cleanName('  Alex\n  Accepted by: Blair ')).toBe('Alex Accepted by: Blair')
    // U+202E would make "Alex" + the words after it read backwards.
    expect(cleanName('Ale\u202Ex\u2066 \u0007')).toBe('Ale x')
    expect(cleanName('a'.repeat(500))).toHaveLength(MAX_NAME_LENGTH)
    expect(readPerson('p', { id: 'p', name: '\u202E\n ', role: 'partner', color: PERSON_COLOURS[0], joinedAt: 1 })).toBeNull()
  })

  it('skips what is not a person: a wrong id, an unknown role, no name, not an object', () => {
    const good = { id: 'p', name: 'Alex', role: 'partner', color: PERSON_COLOURS[0], joinedAt: 5 }
    expect(readPerson('p', good)).toEqual(good)
    expect(readPerson('q', good)).toBeNull()
    expect(readPerson('p', { ...good, role: 'admin' })).toBeNull()
    expect(readPerson('p', { ...good, name: 7 })).toBeNull()
    expect(readPerson('p', 'Alex')).toBeNull()
    expect(readPerson('p', { ...good, joinedAt: 'yesterday' })?.joinedAt).toBe(0)
  })

  it('chooses a free colour from what the board really shows, not from what a hostile entry claims', () => {
    const doc = new Y.Doc()
    peopleMap(doc).set('mallory', { id: 'mallory', name: 'Mallory', role: 'partner', color: OVERLAY, joinedAt: 1 })
    const malloryShows = readPeople(doc)[0]!.color
    expect(chooseColour(doc, 'alex')).not.toBe(malloryShows)
    expect(PERSON_COLOURS).toContain(chooseColour(doc, 'alex'))
  })
})
