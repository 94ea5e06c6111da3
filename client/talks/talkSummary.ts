/**
 * A talk's summary, made in the browser from the board (the server never
 * sees it): the agreements made in it, the feelings and needs named, the
 * questions asked, appreciations and concerns, what was kept or missed at
 * its check-in, its small wins, and the pauses taken — how many and how
 * long, never who asked.
 */
import type { CheckIn, LaneId, PauseRecord, Person, Talk } from '../../shared/schema.ts'
import type { CardView } from '../core/cardView.ts'
import { markdownInline, markdownQuote } from '../ui/markdown.ts'

export type TalkSummary = {
  number: number
  talk: Talk
  feelings: SummaryCard[]
  needs: SummaryCard[]
  agreements: SummaryCard[]
  questions: SummaryCard[]
  appreciations: SummaryCard[]
  concerns: SummaryCard[]
  pauses: { count: number; minutes: number }
  checkIns: { text: string; by: string; mark: CheckIn['mark']; note: string }[]
  /** Said calmly: what went well, in plain counts. */
  smallWins: string[]
}

export type SummaryCard = { text: string; by: string; words: string[]; acceptedBy: string[] | null }

/** What the summary reads; BoardState is one. */
export type SummarySource = {
  readonly people: ReadonlyMap<string, Person>
  readonly talks: readonly Talk[]
  cardsIn(lane: LaneId): readonly CardView[]
}

export function summarizeTalk(
  board: SummarySource,
  pauses: readonly PauseRecord[],
  talkId: string,
  checkIns: readonly CheckIn[] = [],
): TalkSummary | null {
  const index = board.talks.findIndex((talk) => talk.id === talkId)
  if (index === -1) return null
  const nameOf = (personId: string) => board.people.get(personId)?.name ?? 'Someone'
  const talk = board.talks[index]!
  const during = (at: number | null) => at !== null && at >= talk.startedAt && (talk.endedAt === undefined || at < talk.endedAt)
  // An agreement from an earlier talk revised in this one belongs to its summary too.
  const inTalk = (card: CardView) => card.talkId === talkId || (card.agreement !== null && during(card.editedAt))
  const lane = (id: LaneId): SummaryCard[] =>
    board
      .cardsIn(id)
      .filter(inTalk)
      .map((card) => ({
        text: card.talkId === talkId ? card.text : `${card.text} (revised)`,
        by: nameOf(card.authorId),
        words: card.words,
        acceptedBy: card.agreement ? card.agreement.acceptedBy.map(nameOf) : null,
      }))
  const taken = pauses.filter((pause) => pause.talkId === talkId)
  const agreementText = (cardId: string) => board.cardsIn('agreements').find((card) => card.id === cardId)?.text ?? 'An agreement'
  const marked = checkIns
    .filter((entry) => entry.talkId === talkId)
    .map((entry) => ({ text: agreementText(entry.cardId), by: nameOf(entry.personId), mark: entry.mark, note: entry.note }))
  const keptCount = marked.filter((entry) => entry.mark === 'kept').length
  const appreciations = lane('appreciations').length
  const smallWins = [
    keptCount > 0 ? (keptCount === 1 ? 'An agreement was kept.' : `${keptCount} agreements were kept.`) : '',
    appreciations > 0 ? (appreciations === 1 ? 'An appreciation was shared.' : `${appreciations} appreciations were shared.`) : '',
    taken.length === 0 && board.talks[index]!.endedAt !== undefined ? 'The talk needed no pause.' : '',
  ].filter(Boolean)
  return {
    number: index + 1,
    talk: board.talks[index]!,
    feelings: lane('feelings'),
    needs: lane('needs'),
    agreements: lane('agreements'),
    questions: lane('questions'),
    appreciations: lane('appreciations'),
    concerns: lane('concerns'),
    pauses: { count: taken.length, minutes: taken.reduce((sum, pause) => sum + pause.minutes, 0) },
    checkIns: marked,
    smallWins,
  }
}

/** The summary's sections in the order a summary is read: what was agreed first. */
export const SUMMARY_SECTIONS = [
  ['agreements', 'Agreements'],
  ['feelings', 'Feelings named'],
  ['needs', 'Needs named'],
  ['questions', 'Questions asked'],
  ['appreciations', 'Appreciations & wins'],
  ['concerns', 'Concerns'],
] as const satisfies readonly (readonly [keyof TalkSummary, string])[]

export function describePauses({ count, minutes }: TalkSummary['pauses']): string {
  if (count === 0) return 'No pauses were taken.'
  return `${count === 1 ? '1 pause was' : `${count} pauses were`} taken, ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} in all.`
}

export function describeSummaryCard(card: SummaryCard): string {
  const words = card.words.length > 0 ? ` (${card.words.join(', ')})` : ''
  const accepted =
    card.acceptedBy === null ? '' : card.acceptedBy.length > 0 ? ` Accepted by ${card.acceptedBy.join(', ')}.` : ' Not accepted yet.'
  return `${card.text}${words} — ${card.by}.${accepted}`
}

export function describeCheckIn(entry: TalkSummary['checkIns'][number]): string {
  return `${entry.text} — ${entry.mark === 'kept' ? 'kept' : 'missed'}, said ${entry.by}.${entry.note ? ` “${entry.note}”` : ''}`
}

/** A card in the Markdown summary: their words quoted, then the summary's own line about them. */
function summaryCardAsMarkdown(card: SummaryCard): string[] {
  const words = card.words.length > 0 ? ` Words: ${card.words.map(markdownInline).join(', ')}.` : ''
  const accepted =
    card.acceptedBy === null
      ? ''
      : card.acceptedBy.length > 0
        ? ` Accepted by ${card.acceptedBy.map(markdownInline).join(', ')}.`
        : ' Not accepted yet.'
  return [`- ${markdownQuote(card.text, '  ').trimStart()}`, '', `  — ${markdownInline(card.by)}.${words}${accepted}`, '']
}

export function summaryAsMarkdown(summary: TalkSummary, boardName: string): string {
  const day = (at: number) => new Date(at).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' })
  const lines = [`# Talk ${summary.number}${boardName ? ` — ${markdownInline(boardName)}` : ''}`, '']
  lines.push(
    `Started ${day(summary.talk.startedAt)}${summary.talk.endedAt === undefined ? '; still going on.' : `; ended ${day(summary.talk.endedAt)}.`}`,
    '',
  )
  for (const [key, title] of SUMMARY_SECTIONS) {
    const cards = summary[key]
    lines.push(`## ${title}`, '')
    if (cards.length === 0) lines.push('None in this talk.', '')
    for (const card of cards) lines.push(...summaryCardAsMarkdown(card))
  }
  if (summary.checkIns.length > 0) {
    lines.push('## At the check-in', '')
    for (const entry of summary.checkIns) {
      const note = entry.note ? ` “${markdownInline(entry.note)}”` : ''
      lines.push(`- ${markdownInline(entry.text)} — ${entry.mark === 'kept' ? 'kept' : 'missed'}, said ${markdownInline(entry.by)}.${note}`)
    }
    lines.push('')
  }
  if (summary.smallWins.length > 0) lines.push('## Small wins', '', ...summary.smallWins.map((win) => `- ${win}`), '')
  lines.push('## Pauses', '', describePauses(summary.pauses), '')
  return lines.join('\n')
}
