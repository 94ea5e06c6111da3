/**
 * A talk's summary as Markdown (`Download summary`): the same sentences as
 * the page (summaryWords.ts), with people's words quoted or escaped
 * (ui/markdown.ts), so nothing they wrote reads as the file's own.
 */
import { markdownInline, markdownQuote } from '../ui/markdown.ts'
import * as say from './summaryWords.ts'
import { SUMMARY_SECTIONS, type SummaryCard, type TalkSummary } from './talkSummary.ts'

/** A card: their words quoted, the summary's line about them, then the listening loop beneath. */
function cardAsMarkdown(card: SummaryCard): string[] {
  return [
    `- ${markdownQuote(card.text, '  ').trimStart()}`,
    '',
    `  ${say.describeSummaryCard(card, markdownInline)}`,
    ...card.reflections.map((reflection) => `  - ${say.describeReflection(reflection, card.authorName, markdownInline)}`),
    '',
  ]
}

/** `level` is the talk's heading level: 1 in a file of its own, deeper inside a copy of the whole board. */
export function summaryAsMarkdown(summary: TalkSummary, boardName: string, level = 1): string {
  const [title, section] = ['#'.repeat(level), '#'.repeat(level + 1)]
  const lines = [
    `${title} Talk ${summary.number}${boardName ? ` — ${markdownInline(boardName)}` : ''}`,
    '',
    say.describeTalkTimes(summary),
    '',
  ]
  lines.push(
    `${section} How the talk was held`,
    '',
    `- ${say.describeFacilitation(summary, markdownInline)}`,
    `- ${say.describePhases(summary, markdownInline)}`,
    '',
  )
  for (const [key, heading] of SUMMARY_SECTIONS) {
    const cards = summary[key]
    lines.push(`${section} ${heading}`, '')
    if (cards.length === 0) lines.push('None in this talk.', '')
    for (const card of cards) lines.push(...cardAsMarkdown(card))
  }
  if (summary.checkIns.length > 0) {
    lines.push(`${section} At the check-in`, '', ...summary.checkIns.map((entry) => `- ${say.describeCheckIn(entry, markdownInline)}`), '')
  }
  if (summary.repairs.length > 0) {
    lines.push(`${section} Repair phrases`, '', ...summary.repairs.map((repair) => `- ${say.describeRepair(repair, markdownInline)}`), '')
  }
  if (summary.smallWins.length > 0) lines.push(`${section} Small wins`, '', ...summary.smallWins.map((win) => `- ${win}`), '')
  lines.push(`${section} Pauses`, '', say.describePauses(summary.pauses), '')
  if (summary.pauses.taken.length > 0) lines.push(...summary.pauses.taken.map((pause) => `- ${say.describePause(pause)}`), '')
  return lines.join('\n')
}
