/**
 * The whole board as Markdown, made in the browser: `Download a copy`,
 * offered before a board is deleted. Every lane's cards with who wrote
 * them and when, the feeling words, reflections and agreements' acceptances.
 */
import { LANES, type LaneId, type Person } from '../../shared/schema.ts'
import type { CardView } from '../state/cardView.ts'

/** What the copy reads; BoardState is one. */
export type BoardContent = {
  readonly people: ReadonlyMap<string, Person>
  cardsIn(lane: LaneId): readonly CardView[]
  talkNumber(talkId: string | null): number | null
}

export function boardAsMarkdown(board: BoardContent, boardName: string, madeAt: number): string {
  const nameOf = (personId: string) => board.people.get(personId)?.name ?? 'Someone'
  const day = (at: number) => new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' })
  const lines = [`# ${boardName || 'Our board'}`, '', `A copy made on ${day(madeAt)}.`, '']
  for (const lane of LANES) {
    const cards = board.cardsIn(lane.id)
    lines.push(`## ${lane.title}`, '')
    if (cards.length === 0) lines.push('No cards.', '')
    for (const card of cards) {
      const talk = board.talkNumber(card.talkId)
      lines.push(`- ${card.text.replace(/\n/g, '\n  ')}`)
      lines.push(`  — ${nameOf(card.authorId)}, ${day(card.createdAt)}${talk === null ? '' : `, talk ${talk}`}`)
      if (card.words.length > 0) lines.push(`  Words: ${card.words.join(', ')}`)
      if (card.intensity !== null) lines.push(`  How strong: ${card.intensity} of 5`)
      for (const reflection of card.reflections) lines.push(`  ${nameOf(reflection.byId)} reflected: "${reflection.text}"`)
      if (card.agreement) {
        const accepted = card.agreement.acceptedBy.map(nameOf)
        lines.push(`  Accepted by: ${accepted.length > 0 ? accepted.join(', ') : 'nobody yet'}`)
      }
    }
    lines.push('')
  }
  return lines.join('\n')
}
