import { describe, expect, it } from 'vitest'
import { markdownInline, markdownQuote } from '../../client/ui/markdown.ts'

describe("people's words in the app's Markdown files", () => {
  it('cannot add a line of their own: every line of quoted words starts with ">"', () => {
    const quoted = markdownQuote('I will try\n  Accepted by: Alex, Blair\n\n# Board deleted', '  ')
    const lines = quoted.split('\n')
    expect(lines).toEqual(['  > I will try', '  > Accepted by: Alex, Blair', '  >', '  > \\# Board deleted'])
  })

  it('cannot carry HTML, links, images or emphasis', () => {
    const inline = markdownInline(
      '<img src=x onerror=alert(1)> [Tap to restore](https://evil.example) ![x](https://t.example/p.png) *bold* `code`',
    )
    expect(inline).not.toMatch(/(^|[^\\])[<[\]*`]/)
    expect(inline).toContain('\\<img src=x onerror=alert(1)\\>')
    expect(inline).toContain('\\[Tap to restore\\](https://evil.example)')
  })

  it('keeps words on one line when they must stay in one', () => {
    expect(markdownInline('Alex\nAccepted by: Blair\r\n  ')).toBe('Alex Accepted by: Blair')
  })

  it('cannot start a list, a heading underline or a rule inside a quote', () => {
    expect(markdownQuote('- item\n===\n1. first')).toBe('> \\- item\n> \\===\n> 1\\. first')
  })
})
