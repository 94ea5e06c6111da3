/**
 * The whole board as Markdown, made in the browser: `Download a copy`,
 * offered before a board is deleted. Every lane's cards with who wrote
 * them and when, the feeling words, reflections and agreements' acceptances.
 * People's words are quoted or escaped (ui/markdown.ts): a card's text can
 * never add a line that reads as the copy's own.
 */
import { LANES, type LaneId, type Person } from '../../shared/schema.ts'
import type { CardView } from '../core/cardView.ts'
import { markdownInline, markdownQuote } from '../ui/markdown.ts'

/** What the copy reads; BoardState is one. */
export type BoardContent = {
  readonly people: ReadonlyMap<string, Person>
  cardsIn(lane: LaneId): readonly CardView[]
  talkNumber(talkId: string | null): number | null
}

export function boardAsMarkdown(board: BoardContent, boardName: string, madeAt: number): string {
  const nameOf = (personId: string) => markdownInline(board.people.get(personId)?.name ?? 'Someone')
  const day = (at: number) => new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' })
  const lines = [`# ${boardName ? markdownInline(boardName) : 'Our board'}`, '', `A copy made on ${day(madeAt)}.`, '']
  for (const lane of LANES) {
    const cards = board.cardsIn(lane.id)
    lines.push(`## ${lane.title}`, '')
    if (cards.length === 0) lines.push('No cards.', '')
    for (const card of cards) {
      const talk = board.talkNumber(card.talkId)
      lines.push(`- ${markdownQuote(card.text, '  ').trimStart()}`, '')
      lines.push(`  — ${nameOf(card.authorId)}, ${day(card.createdAt)}${talk === null ? '' : `, talk ${talk}`}`)
      if (card.words.length > 0) lines.push(`  - Words: ${card.words.map(markdownInline).join(', ')}`)
      if (card.intensity !== null) lines.push(`  - How strong: ${card.intensity} of 5`)
      for (const reflection of card.reflections)
        lines.push(`  - ${nameOf(reflection.byId)} reflected: “${markdownInline(reflection.text)}”`)
      if (card.agreement) {
        const accepted = card.agreement.acceptedBy.map(nameOf)
        lines.push(`  - Accepted by: ${accepted.length > 0 ? accepted.join(', ') : 'nobody yet'}`)
      }
      lines.push('')
    }
  }
  return lines.join('\n')
}
