import { markdownInline } from '../ui/markdown.ts'
import type { PrivateNote } from './privateNotes.ts'

/**
 * A person's private notes as Markdown, for `Export my notes`: only notes
 * this device could read. The notes are the person's own words, written as
 * they wrote them; the board's name is anyone's, so it is escaped.
 */
export function notesAsMarkdown(boardName: string, notes: readonly PrivateNote[], exportedAt: number): string {
  const lines = [
    `# My private notes${boardName ? ` — ${markdownInline(boardName)}` : ''}`,
    '',
    `Exported ${new Date(exportedAt).toLocaleString()}.`,
    '',
  ]
  const readable = notes.filter((note) => note.text !== null)
  if (readable.length === 0) lines.push('No notes yet.', '')
  for (const note of readable) lines.push(`## ${new Date(note.createdAt).toLocaleString()}`, '', note.text!, '')
  return lines.join('\n')
}
