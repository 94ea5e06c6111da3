/**
 * The summary's sentences, written once for the page, the print and the
 * Markdown. People's words go through `theirs`: as they are on the page,
 * escaped in Markdown (ui/markdown.ts), so a name or a note can never add a
 * line of its own to the file.
 */
import { SAW_DIFFERENTLY } from '../core/checkInOutcomes.ts'
import { INTENSITY_WORDS } from '../ui/intensity.ts'
import { describeMark, NOT_YET_ANSWERED } from '../ui/questionWords.ts'
import { formatRecordTime } from '../ui/recordTime.ts'
import { describeRecurrence } from '../ui/recurrenceWords.ts'
import type {
  SummaryCard,
  SummaryCheckIn,
  SummaryPause,
  SummaryQuestion,
  SummaryReflection,
  SummaryRepair,
  TalkSummary,
} from './talkSummary.ts'

export type Theirs = (words: string) => string

const asTheyAre: Theirs = (words) => words

export function describeTalkTimes({ talk }: TalkSummary): string {
  return `Started ${formatRecordTime(talk.startedAt)}${talk.endedAt === undefined ? '; still going on.' : `; ended ${formatRecordTime(talk.endedAt)}.`}`
}

/** What the summary says about a card, after the card's own words. */
export function describeSummaryCard(card: SummaryCard, theirs: Theirs = asTheyAre): string {
  const parts = [`${theirs(card.by)}, ${formatRecordTime(card.at)}.`]
  if (card.carriedFrom !== null) parts.push(`Carried forward from Talk ${card.carriedFrom}.`)
  if (card.revised) parts.push('Revised in this talk.')
  if (card.words.length > 0) parts.push(`Words: ${card.words.map(theirs).join(', ')}.`)
  if (card.intensity !== null) parts.push(`Intensity: ${card.intensity} of 5 (${INTENSITY_WORDS[card.intensity]}).`)
  if (card.acceptedBy !== null)
    parts.push(card.acceptedBy.length > 0 ? `Accepted by ${card.acceptedBy.map(theirs).join(', ')}.` : 'Not accepted yet.')
  if (card.withdrawn !== null) parts.push(`Withdrawn by ${theirs(card.withdrawn.by)}, ${formatRecordTime(card.withdrawn.at)}.`)
  if (card.recurrence !== null) parts.push(`Repeats: ${describeRecurrence(card.recurrence).toLowerCase()}.`)
  if (card.question !== null) parts.push(describeQuestion(card.question, theirs))
  return `— ${parts.join(' ')}`
}

/** One turn of the listening loop: what was heard, and the author's answer. */
export function describeReflection(reflection: SummaryReflection, author: string, theirs: Theirs = asTheyAre): string {
  const heard = `${theirs(reflection.by)} reflected (${formatRecordTime(reflection.at)}): “${theirs(reflection.text)}”`
  if (reflection.answer === null) return `${heard} — not answered yet.`
  const note = reflection.answerNote ? `: “${theirs(reflection.answerNote)}”` : ''
  return `${heard} — ${theirs(author)}: ${reflection.answer}${note}.`
}

export function describeCheckIn(entry: SummaryCheckIn, theirs: Theirs = asTheyAre): string {
  const outcome = entry.outcome === 'differently' ? SAW_DIFFERENTLY : entry.outcome
  const marks = entry.marks.map((mark) => `${theirs(mark.by)}: ${mark.mark}${mark.note ? ` (“${theirs(mark.note)}”)` : ''}`).join('; ')
  return `${theirs(entry.text)} — ${outcome}. ${marks}.`
}

export function describePauses({ count, minutes }: TalkSummary['pauses']): string {
  if (count === 0) return 'No pauses were taken.'
  return `${count === 1 ? '1 pause was' : `${count} pauses were`} taken, ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} in all.`
}

export function describePause(pause: SummaryPause): string {
  const length = `${pause.minutes} ${pause.minutes === 1 ? 'minute' : 'minutes'}`
  const resumed = pause.resumedAt === null ? '' : `; the talk went on ${formatRecordTime(pause.resumedAt)}`
  return `A pause from ${formatRecordTime(pause.startedAt)}, ${length}${resumed}.`
}

export function describeFacilitation({ facilitatedBy }: TalkSummary, theirs: Theirs = asTheyAre): string {
  if (facilitatedBy.length === 0) return 'No facilitator was on the board; the partners led the talk themselves.'
  return `Facilitated by ${facilitatedBy.map(theirs).join(', ')}.`
}

/** The phases in order, and how far the talk went through them. */
export function describePhases({ phases }: TalkSummary, theirs: Theirs = asTheyAre): string {
  if (phases === null || phases.titles.length === 0) return 'The talk was not guided through phases.'
  const reached = phases.titles[Math.min(Math.max(phases.reached, 0), phases.titles.length - 1)]!
  return `Phases: ${phases.titles.map(theirs).join(' → ')}. Reached: ${theirs(reached)}.`
}

/** A question's answer, or that it is not yet answered, and its asker's mark. */
export function describeQuestion({ answer, asker, mark }: SummaryQuestion, theirs: Theirs = asTheyAre): string {
  const answered =
    answer === null
      ? `${NOT_YET_ANSWERED}.`
      : `${answer.by === null ? 'An answer that could not be verified' : `Answer by ${theirs(answer.by)}`} (${formatRecordTime(answer.at)}): “${theirs(answer.text)}”.`
  return mark === null ? answered : `${answered} ${describeMark(theirs(asker), mark)}.`
}

/** A repair phrase sent in the talk. The phrase is the app's own words, never a person's. */
export function describeRepair(repair: SummaryRepair, theirs: Theirs = asTheyAre): string {
  return `${theirs(repair.by)}: ${repair.text} (${formatRecordTime(repair.at)})`
}
