import { describe, expect, it } from 'vitest'
import { notesAsMarkdown } from '../../../client/privateNotes/notesMarkdown.ts'

describe('Export my notes', () => {
  it('names the board, and holds every note this device can read, oldest first', () => {
    const markdown = notesAsMarkdown(
      'Sundays',
      [
        { id: 'a', createdAt: 1_000, text: 'First thought' },
        { id: 'b', createdAt: 2_000, text: 'Second, on\ntwo lines' },
      ],
      3_000,
    )
    expect(markdown.startsWith('# My private notes — Sundays\n')).toBe(true)
    expect(markdown.indexOf('First thought')).toBeLessThan(markdown.indexOf('Second, on\ntwo lines'))
  })

  it('leaves out notes it could not read rather than writing anything in their place', () => {
    const markdown = notesAsMarkdown('', [{ id: 'a', createdAt: 1_000, text: null }], 3_000)
    expect(markdown.startsWith('# My private notes\n')).toBe(true)
    expect(markdown).toContain('No notes yet.')
    expect(markdown).not.toContain('null')
  })
})
