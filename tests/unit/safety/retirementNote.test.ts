import { describe, expect, it } from 'vitest'
import { askForNewLink, describeRetirement, makeRetirementNote, readRetirementNote } from '../../../client/safety/retirementNote.ts'

const at = Date.UTC(2026, 11, 7, 18, 41)
const maya = { personId: 'p-maya', name: 'Maya', role: 'partner' as const, color: '#b86a5c' }

describe('the note left with a deleted or moved board', () => {
  it('reads back what a device wrote: who, and when', async () => {
    expect(readRetirementNote(await makeRetirementNote(maya, 'b1', 'deleted', at, null), 'deleted')).toMatchObject({
      name: 'Maya',
      at,
      personId: 'p-maya',
    })
    expect(readRetirementNote(await makeRetirementNote(maya, 'b1', 'moved', at, null), 'moved')).toMatchObject({ name: 'Maya', at })
  })

  it('cleans the name as a person’s name is cleaned, and keeps a note whose time is not one, without the time', () => {
    expect(readRetirementNote({ kind: 'deleted', name: '  Ma\u202Eya\n\u0000 ', at: 'noon' }, 'deleted')).toMatchObject({
      name: 'Ma ya',
      at: null,
    })
    expect(readRetirementNote({ kind: 'deleted', name: 'M'.repeat(500), at }, 'deleted')?.name.length).toBeLessThanOrEqual(40)
    expect(readRetirementNote({ kind: 'deleted', name: 'Maya', at: Number.POSITIVE_INFINITY }, 'deleted')).toMatchObject({
      name: 'Maya',
      at: null,
    })
  })

  it('is no note when it is garbled, nameless, or says another thing happened than the server says', async () => {
    for (const value of [
      null,
      undefined,
      'Maya',
      7,
      [],
      {},
      { kind: 'deleted' },
      { kind: 'deleted', name: ' \t\u202E ' },
      { kind: 'deleted', name: 3 },
    ])
      expect(readRetirementNote(value, 'deleted')).toBeNull()
    expect(readRetirementNote(await makeRetirementNote(maya, 'b1', 'moved', at, null), 'deleted')).toBeNull()
  })

  it('names who did it and when, calmly; names nobody when nobody is known', () => {
    expect(describeRetirement('deleted', { name: 'Maya', at })).toMatch(/^Maya deleted this board on .*2026.*\.$/)
    expect(describeRetirement('moved', { name: 'Maya', at: null })).toBe('Maya moved this board to a new link.')
    expect(describeRetirement('deleted', null)).toBe('This board was deleted.')
    expect(askForNewLink({ name: 'Maya', at })).toBe('Ask Maya for the new link — it was not sent through the server.')
    expect(askForNewLink(null)).not.toMatch(/partner/)
  })
})
