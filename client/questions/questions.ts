/**
 * Writing answers to questions and the asker's marks (reading them is the
 * core's, core/questions.ts). Each is signed first, then written with its
 * claim in one transaction, so no screen ever sees one without the other.
 */
import type * as Y from 'yjs'
import type { Signer } from '../../shared/signing.ts'
import { signClaim } from '../core/claims.ts'
import { newId } from '../core/ids.ts'
import {
  MAX_ANSWER_TEXT,
  questionAnswerFields,
  questionAnswersMap,
  questionMarkFields,
  questionMarksMap,
  type QuestionMarkValue,
} from '../core/questions.ts'

export type Signing = { boardId: string; signer: Signer | null }

/** Trims and cuts an answer to what one holds; empty means there is nothing to write. */
export function cleanAnswer(text: string): string {
  return text.trim().slice(0, MAX_ANSWER_TEXT).trimEnd()
}

/**
 * `byId` answers the question (a revision is a new entry: the earlier answer
 * stays readable). Returns the answer's id, or null when there was nothing
 * to say or the asker tried to answer their own question.
 */
export async function answerQuestion(
  doc: Y.Doc,
  { boardId, signer }: Signing,
  question: { cardId: string; askerId: string },
  answer: { text: string; byId: string; at: number },
): Promise<string | null> {
  const text = cleanAnswer(answer.text)
  if (text === '' || answer.byId === question.askerId) return null
  const entry = { cardId: question.cardId, answerId: newId(), text, byId: answer.byId, at: answer.at }
  const claim = signer && (await signClaim(signer, boardId, 'question-answer', questionAnswerFields(entry)).catch(() => null))
  questionAnswersMap(doc).set(`${entry.cardId}:${entry.answerId}`, claim ? { ...entry, claim } : entry)
  return entry.answerId
}

/** The asker's mark, `Answered` or `Not yet`; marking again rewrites it. Anyone else's mark is kept apart and never counted. */
export async function markQuestion(
  doc: Y.Doc,
  { boardId, signer }: Signing,
  mark: { cardId: string; personId: string; mark: QuestionMarkValue; at: number },
): Promise<void> {
  const claim = signer && (await signClaim(signer, boardId, 'question-mark', questionMarkFields(mark)).catch(() => null))
  questionMarksMap(doc).set(`${mark.cardId}:${mark.personId}`, claim ? { ...mark, claim } : { ...mark })
}
