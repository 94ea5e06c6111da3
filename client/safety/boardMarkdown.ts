/**
 * The whole board as Markdown, made in the browser: `Download a copy`,
 * offered before a board is deleted. Every lane's cards with who wrote
 * them and when, the feeling words and intensity, the listening loop with
 * its answers, agreements' acceptances and recurrence, cards carried
 * forward; then the talks, each with its times and, when the shell hands it
 * in (`BoardRecord`), its whole summary: check-ins, phases, who
 * facilitated, pauses. People's words are quoted or escaped
 * (ui/markdown.ts): a card's text can never add a line that reads as the
 * copy's own.
 */
import { LANES, type LaneId, type Person, type Talk } from '../../shared/schema.ts'
import type { BoardRecord } from '../core/boardRecord.ts'
import { printedAuthor, type Authorship } from '../core/cardAuthorship.ts'
import type { CardView } from '../core/cardView.ts'
import type { CarriedForward } from '../core/carriedForward.ts'
import { markdownInline, markdownQuote } from '../ui/markdown.ts'
import { formatRecordTime } from '../ui/recordTime.ts'
import { describeRecurrence } from '../ui/recurrenceWords.ts'

/** What the copy reads; BoardState is one. Boards read by an older caller may lack the talks. */
export type BoardContent = {
  readonly people: ReadonlyMap<string, Person>
  readonly talks?: readonly Talk[]
  readonly carriedForward?: readonly CarriedForward[]
  cardsIn(lane: LaneId): readonly CardView[]
  talkNumber(talkId: string | null): number | null
}

/**
 * `authorshipOf` is the screen's own rule over the board's trust: a card its
 * signatures do not bear out is never printed as its author's. Without it
 * (an older caller), each card is printed as its author's.
 */
export function boardAsMarkdown(
  board: BoardContent,
  boardName: string,
  madeAt: number,
  record?: BoardRecord,
  authorshipOf?: (card: CardView) => Authorship,
  verifiedYesesOf?: (card: CardView) => readonly string[],
): string {
  const nameOf = (personId: string) => markdownInline(board.people.get(personId)?.name ?? 'Someone')
  const lines = [`# ${boardName ? markdownInline(boardName) : 'Our board'}`, '', `A copy made on ${formatRecordTime(madeAt)}.`, '']
  for (const lane of LANES) {
    const cards = board.cardsIn(lane.id)
    lines.push(`## ${lane.title}`, '')
    if (cards.length === 0) lines.push('No cards.', '')
    for (const card of cards) {
      const by = authorshipOf ? printedAuthor(authorshipOf(card), card.authorId, nameOf) : nameOf(card.authorId)
      const yeses = card.agreement ? (verifiedYesesOf?.(card) ?? card.agreement.acceptedBy) : []
      lines.push(...cardLines(board, card, by, yeses, nameOf), '')
    }
  }
  lines.push(...talkLines(board.talks ?? []))
  if (record) lines.push(record.talksAsMarkdown(3))
  return lines.join('\n')
}

function cardLines(
  board: BoardContent,
  card: CardView,
  by: string,
  yeses: readonly string[],
  nameOf: (personId: string) => string,
): string[] {
  const talk = board.talkNumber(card.talkId)
  const lines = [`- ${markdownQuote(card.text, '  ').trimStart()}`, '']
  lines.push(`  — ${by}, ${formatRecordTime(card.createdAt)}${talk === null ? ', between talks' : `, talk ${talk}`}`)
  for (const entry of board.carriedForward ?? []) {
    const into = entry.cardId === card.id ? board.talkNumber(entry.talkId) : null
    if (into !== null) lines.push(`  - Carried forward to talk ${into} by ${nameOf(entry.byId)}, ${formatRecordTime(entry.at)}`)
  }
  if (card.words.length > 0) lines.push(`  - Words: ${card.words.map(markdownInline).join(', ')}`)
  if (card.intensity !== null) lines.push(`  - How strong: ${card.intensity} of 5`)
  for (const reflection of card.reflections) {
    const answer =
      reflection.answer === null
        ? ' — not answered yet'
        : ` — ${nameOf(card.authorId)}: ${reflection.answer === 'heard' ? 'Heard' : 'Not quite'}${reflection.answerNote ? `: “${markdownInline(reflection.answerNote)}”` : ''}`
    lines.push(`  - ${nameOf(reflection.byId)} reflected: “${markdownInline(reflection.text)}”${answer}`)
  }
  if (card.agreement) {
    const accepted = yeses.map(nameOf)
    lines.push(`  - Accepted by: ${accepted.length > 0 ? accepted.join(', ') : 'nobody yet'}`)
    if (card.agreement.recurrence) lines.push(`  - Repeats: ${describeRecurrence(card.agreement.recurrence).toLowerCase()}`)
  }
  return lines
}

function talkLines(talks: readonly Talk[]): string[] {
  if (talks.length === 0) return []
  return [
    '## Talks',
    '',
    ...talks.map(
      (talk, index) =>
        `- Talk ${index + 1}: started ${formatRecordTime(talk.startedAt)}${talk.endedAt === undefined ? ', still going on' : `, ended ${formatRecordTime(talk.endedAt)}`}`,
    ),
    '',
  ]
}
