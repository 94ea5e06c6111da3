/**
 * A talk's summary, made in the browser from the board (the server never
 * sees it): everything the talk holds. Its cards lane by lane, with who
 * placed them and when, their words, a feeling's intensity, an agreement's
 * acceptances and recurrence, and the listening loop (each reflection and
 * its answer, `Heard` or `Not quite`); cards carried forward into it, said
 * as such, while they stay in the talk they were said in; what was kept or
 * missed at its check-in, one outcome per agreement; who facilitated and
 * its phases; and the pauses taken — when and how long, never who asked.
 */
import type { CheckIn, LaneId, PauseRecord, Person, Recurrence, Talk } from '../../shared/schema.ts'
import { printedAuthor, type Authorship } from '../core/cardAuthorship.ts'
import type { CardView } from '../core/cardView.ts'
import type { CarriedForward } from '../core/carriedForward.ts'
import { checkInOutcomes, type Outcome } from '../core/checkInOutcomes.ts'
import { isTime } from '../core/docValues.ts'
import type { QuestionStatus } from '../core/questions.ts'

export type SummaryReflection = { by: string; text: string; at: number; answer: 'Heard' | 'Not quite' | null; answerNote: string }

export type SummaryCard = {
  text: string
  /** Who wrote it, as far as this device can vouch (core/cardAuthorship.ts): never a name the card's signatures do not bear out. */
  by: string
  /** The name of the person the card is placed as, who answers its reflections. */
  authorName: string
  at: number
  words: string[]
  intensity: number | null
  /** Agreements only: who accepted the current text. */
  acceptedBy: string[] | null
  recurrence: Recurrence | null
  reflections: SummaryReflection[]
  /** The talk it was said in, when it was carried forward into this one. */
  carriedFrom: number | null
  /** An agreement from an earlier talk revised in this one. */
  revised: boolean
  /** An agreement once agreed and then withdrawn: by whom, and when. */
  withdrawn: { by: string; at: number } | null
  /** Questions only: the answer now (`by` null when it does not verify as its writer's) and the asker's own mark. */
  question: SummaryQuestion | null
}

export type SummaryQuestion = {
  answer: { text: string; by: string | null; at: number } | null
  asker: string
  mark: 'answered' | 'not-yet' | null
}

/** A repair phrase sent in the talk: who sent it, the phrase, when. */
export type SummaryRepair = { by: string; text: string; at: number }

export type SummaryCheckIn = { text: string; outcome: Outcome; marks: { by: string; mark: CheckIn['mark']; note: string }[] }

export type SummaryPause = { startedAt: number; minutes: number; resumedAt: number | null }

/** A talk's phases as the shell hands them in (they are facilitation's): their titles, and the one it reached. */
export type TalkPhases = { titles: readonly string[]; reached: number }

export type TalkSummary = {
  number: number
  talk: Talk
  feelings: SummaryCard[]
  needs: SummaryCard[]
  agreements: SummaryCard[]
  questions: SummaryCard[]
  appreciations: SummaryCard[]
  concerns: SummaryCard[]
  /** The facilitators on the board while the talk went on. */
  facilitatedBy: string[]
  phases: TalkPhases | null
  pauses: { count: number; minutes: number; taken: SummaryPause[] }
  checkIns: SummaryCheckIn[]
  repairs: SummaryRepair[]
  /** Said calmly: what went well, in plain counts. */
  smallWins: string[]
}

/** What the summary reads; BoardState is one. */
export type SummarySource = {
  readonly people: ReadonlyMap<string, Person>
  readonly talks: readonly Talk[]
  readonly carriedForward: readonly CarriedForward[]
  cardsIn(lane: LaneId): readonly CardView[]
}

/** The other features' parts of a talk, handed in by the shell. */
export type TalkRecord = {
  pauses: readonly PauseRecord[]
  checkIns: readonly CheckIn[]
  phases?: TalkPhases | null
  /** Whose words each card holds, judged by the board's trust (the screen's own rule); without it, each card is printed as its author's. */
  authorshipOf?: (card: CardView) => Authorship
  /** The yeses to an agreement that verify as each person's own; without it, every recorded yes is listed. */
  verifiedYesesOf?: (card: CardView) => readonly string[]
  /** A question's answers and its asker's mark as the screen reads them (the questions feature's); without it, none. */
  questionOf?: (card: CardView) => QuestionStatus
  /** The repair phrases sent on the board (the repair feature's), each with its talk. */
  repairs?: readonly { talkId: string; byId: string; text: string; at: number }[]
}

export function summarizeTalk(board: SummarySource, talkId: string, record: TalkRecord): TalkSummary | null {
  const index = board.talks.findIndex((talk) => talk.id === talkId)
  if (index === -1) return null
  const talk = board.talks[index]!
  const nameOf = (personId: string) => board.people.get(personId)?.name ?? 'Someone'
  const numberOf = (id: string | null) => {
    const found = board.talks.findIndex((other) => other.id === id)
    return found === -1 ? null : found + 1
  }
  const during = (at: number | null) => at !== null && at >= talk.startedAt && (talk.endedAt === undefined || at < talk.endedAt)
  const carriedIn = new Set(board.carriedForward.filter((entry) => entry.talkId === talkId).map((entry) => entry.cardId))
  // Said in this talk, carried into it, or (an agreement from an earlier talk) revised in it.
  const inTalk = (card: CardView) => card.talkId === talkId || carriedIn.has(card.id) || (card.agreement !== null && during(card.editedAt))
  const asSummaryCard = (card: CardView): SummaryCard => ({
    text: card.text,
    by: record.authorshipOf ? printedAuthor(record.authorshipOf(card), card.authorId, nameOf) : nameOf(card.authorId),
    authorName: nameOf(card.authorId),
    at: card.createdAt,
    words: card.words,
    intensity: card.intensity,
    acceptedBy: card.agreement ? (record.verifiedYesesOf?.(card) ?? card.agreement.acceptedBy).map(nameOf) : null,
    recurrence: card.agreement?.recurrence ?? null,
    reflections: card.reflections.map((reflection) => ({
      by: nameOf(reflection.byId),
      text: reflection.text,
      at: reflection.at,
      answer: reflection.answer === null ? null : reflection.answer === 'heard' ? 'Heard' : 'Not quite',
      answerNote: reflection.answerNote,
    })),
    carriedFrom: card.talkId !== talkId && carriedIn.has(card.id) ? numberOf(card.talkId) : null,
    revised: card.talkId !== talkId && !carriedIn.has(card.id),
    withdrawn: card.agreement?.withdrawn ? { by: nameOf(card.agreement.withdrawn.byId), at: card.agreement.withdrawn.at } : null,
    question:
      card.lane === 'questions' && record.questionOf ? summaryQuestion(record.questionOf(card), nameOf(card.authorId), nameOf) : null,
  })
  const lane = (id: LaneId): SummaryCard[] => board.cardsIn(id).filter(inTalk).map(asSummaryCard)

  const taken = record.pauses
    .filter((pause) => pause.talkId === talkId)
    .map((pause) => ({ startedAt: pause.startedAt, minutes: pause.minutes, resumedAt: isTime(pause.resumedAt) ? pause.resumedAt : null }))
  const agreementText = (cardId: string) => board.cardsIn('agreements').find((card) => card.id === cardId)?.text ?? 'An agreement'
  const isPartner = (personId: string) => board.people.get(personId)?.role === 'partner'
  const checkIns = checkInOutcomes(
    record.checkIns.filter((entry) => entry.talkId === talkId),
    isPartner,
  ).map((point) => ({
    text: agreementText(point.cardId),
    outcome: point.outcome,
    marks: point.marks.map((mark) => ({ by: nameOf(mark.personId), mark: mark.mark, note: mark.note })),
  }))
  const facilitatedBy = [...board.people.values()]
    .filter((person) => person.role === 'facilitator' && (talk.endedAt === undefined || person.joinedAt < talk.endedAt))
    .map((person) => person.name)

  const keptCount = checkIns.filter((entry) => entry.outcome === 'kept').length
  const appreciations = lane('appreciations').length
  const smallWins = [
    keptCount > 0 ? (keptCount === 1 ? 'An agreement was kept.' : `${keptCount} agreements were kept.`) : '',
    appreciations > 0 ? (appreciations === 1 ? 'An appreciation was shared.' : `${appreciations} appreciations were shared.`) : '',
    taken.length === 0 && talk.endedAt !== undefined ? 'The talk needed no pause.' : '',
  ].filter(Boolean)
  return {
    number: index + 1,
    talk,
    feelings: lane('feelings'),
    needs: lane('needs'),
    agreements: lane('agreements'),
    questions: lane('questions'),
    appreciations: lane('appreciations'),
    concerns: lane('concerns'),
    facilitatedBy,
    phases: record.phases ?? null,
    pauses: { count: taken.length, minutes: taken.reduce((sum, pause) => sum + pause.minutes, 0), taken },
    checkIns,
    repairs: (record.repairs ?? [])
      .filter((repair) => repair.talkId === talkId)
      .map((repair) => ({ by: nameOf(repair.byId), text: repair.text, at: repair.at })),
    smallWins,
  }
}

function summaryQuestion(status: QuestionStatus, asker: string, nameOf: (personId: string) => string): SummaryQuestion {
  const latest = status.answers.at(-1)
  const vouched = latest !== undefined && (latest.verdict.state === 'verified' || latest.verdict.state === 'checking')
  return {
    answer: latest === undefined ? null : { text: latest.text, by: vouched ? nameOf(latest.byId) : null, at: latest.at },
    asker,
    mark: status.mark?.mark ?? null,
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
