/**
 * The hurt partner's questions (cards of the `questions` lane): an answer
 * written by anyone but the asker, and the asker's own mark, `Answered` or
 * `Not yet`. Each lives under its own key, beside the card rather than in
 * it, so two people writing at once never overwrite each other and an undo
 * of cards never takes back someone's answer:
 *
 *   doc.getMap('questionAnswers') `${cardId}:${answerId}` → QuestionAnswer (a revision is a new entry; the earlier stay readable)
 *   doc.getMap('questionMarks')   `${cardId}:${personId}` → QuestionMark  (only the asker's counts)
 *
 * Both carry their writer's signed claim (core/claims.ts). A malformed or
 * misfiled entry reads as absent; a malformed claim as none.
 */
import type * as Y from 'yjs'
import { MAX_REFLECTION_TEXT } from '../../shared/schema.ts'
import { storedClaimOrNull } from './cardView.ts'
import type { ClaimField, ClaimKind, StoredClaim } from './claims.ts'
import type { Verdict } from './claimCheck.ts'
import { isTime } from './docValues.ts'

/** An answer is a few sentences, as a reflection's word is. */
export const MAX_ANSWER_TEXT = MAX_REFLECTION_TEXT

export type QuestionMarkValue = 'answered' | 'not-yet'

export type QuestionAnswer = { cardId: string; answerId: string; text: string; byId: string; at: number; claim: StoredClaim | null }
export type QuestionMark = { cardId: string; personId: string; mark: QuestionMarkValue; at: number; claim: StoredClaim | null }

export function questionAnswersMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('questionAnswers')
}

export function questionMarksMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('questionMarks')
}

/** What an answer's 'question-answer' claim signs: which question, which version, its words and when. */
export function questionAnswerFields(answer: Pick<QuestionAnswer, 'cardId' | 'answerId' | 'text' | 'at'>): ClaimField[] {
  return [answer.cardId, answer.answerId, answer.text, answer.at]
}

/** What a mark's 'question-mark' claim signs: the question, whose mark, which, and when. */
export function questionMarkFields(mark: Pick<QuestionMark, 'cardId' | 'personId' | 'mark' | 'at'>): ClaimField[] {
  return [mark.cardId, mark.personId, mark.mark, mark.at]
}

function fieldsOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null
}

export function readQuestionAnswer(key: string, value: unknown): QuestionAnswer | null {
  const entry = fieldsOf(value)
  if (entry === null) return null
  const { cardId, answerId, text, byId, at } = entry
  if (typeof cardId !== 'string' || typeof answerId !== 'string' || typeof byId !== 'string' || !isTime(at)) return null
  if (typeof text !== 'string' || text.trim() === '' || key !== `${cardId}:${answerId}`) return null
  // Cut to what an answer holds: a script writing more cannot flood the card.
  return { cardId, answerId, text: text.slice(0, MAX_ANSWER_TEXT), byId, at, claim: storedClaimOrNull(entry.claim) }
}

export function readQuestionMark(key: string, value: unknown): QuestionMark | null {
  const entry = fieldsOf(value)
  if (entry === null) return null
  const { cardId, personId, mark, at } = entry
  if (typeof cardId !== 'string' || typeof personId !== 'string' || !isTime(at)) return null
  if ((mark !== 'answered' && mark !== 'not-yet') || key !== `${cardId}:${personId}`) return null
  return { cardId, personId, mark, at, claim: storedClaimOrNull(entry.claim) }
}

function readAll<T extends { at: number }>(map: Y.Map<unknown>, read: (key: string, value: unknown) => T | null): T[] {
  const entries: T[] = []
  for (const [key, value] of map) {
    const entry = read(key, value)
    if (entry !== null) entries.push(entry)
  }
  return entries.sort((a, b) => a.at - b.at)
}

/** Every answer on the board, oldest first. */
export function readQuestionAnswers(doc: Y.Doc): QuestionAnswer[] {
  return readAll(questionAnswersMap(doc), readQuestionAnswer)
}

/** Every mark on the board, oldest first (whose counts is questionStatus's to say). */
export function readQuestionMarks(doc: Y.Doc): QuestionMark[] {
  return readAll(questionMarksMap(doc), readQuestionMark)
}

/** BoardTrust.verdict, or a test's stand-in. */
export type VerdictOf = (kind: ClaimKind, fields: readonly ClaimField[], claim: unknown, personId: string | null) => Verdict

export type AnswerAsRead = QuestionAnswer & { verdict: Verdict }

export type QuestionStatus = {
  /** Answers by anyone but the asker, oldest first, each with its verdict here: the latest is the answer now, the earlier stay readable. */
  answers: AnswerAsRead[]
  /** The asker's own mark, when it is theirs (verified, or still being checked); a mark by anyone else is never counted. */
  mark: QuestionMark | null
  /** Marked `Answered` by the asker. Anything else (no mark, `Not yet`, a mark that is not theirs) leaves the question open. */
  answered: boolean
}

/**
 * A question as it stands: its answers and the asker's mark. `counts` says
 * which verdicts count as the person's own; the screen counts `checking`
 * too (nothing flashes), the carrying forward only `verified`.
 */
export function questionStatus(
  card: { id: string; authorId: string },
  answers: readonly QuestionAnswer[],
  marks: readonly QuestionMark[],
  verdictOf: VerdictOf,
  counts: (verdict: Verdict) => boolean = (verdict) => verdict.state === 'verified' || verdict.state === 'checking',
): QuestionStatus {
  const answersHere = answers
    .filter((answer) => answer.cardId === card.id && answer.byId !== card.authorId)
    .map((answer) => ({ ...answer, verdict: verdictOf('question-answer', questionAnswerFields(answer), answer.claim, answer.byId) }))
  const asked = marks.find((mark) => mark.cardId === card.id && mark.personId === card.authorId)
  const mark =
    asked !== undefined && counts(verdictOf('question-mark', questionMarkFields(asked), asked.claim, asked.personId)) ? asked : null
  return { answers: answersHere, mark, answered: mark?.mark === 'answered' }
}

/**
 * The questions to carry into a new talk: every one its asker has not marked
 * `Answered` with a mark that verifies as theirs (`markVerdict`, checked
 * through, never `checking`). A mark by anyone else changes nothing.
 */
export function openQuestions<Card extends { id: string; authorId: string }>(
  questions: readonly Card[],
  marks: readonly QuestionMark[],
  markVerdict: (mark: QuestionMark) => Verdict,
): Card[] {
  return questions.filter((card) => {
    const asked = marks.find((mark) => mark.cardId === card.id && mark.personId === card.authorId)
    return asked === undefined || asked.mark !== 'answered' || markVerdict(asked).state !== 'verified'
  })
}
