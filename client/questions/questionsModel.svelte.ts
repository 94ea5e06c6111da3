import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { Signer } from '../../shared/signing.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import { cardsMap, readCard, type CardView } from '../core/cardView.ts'
import { NOT_VERIFIED, type Verdict } from '../core/claimCheck.ts'
import {
  openQuestions,
  questionAnswersMap,
  questionMarkFields,
  questionMarksMap,
  questionStatus,
  readQuestionAnswers,
  readQuestionMarks,
  type QuestionMark,
  type QuestionMarkValue,
  type QuestionStatus,
} from '../core/questions.ts'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { answerQuestion, markQuestion } from './questions.ts'

/** The board's questions as they stand, re-read whenever anyone answers or marks one; and answering and marking, signed. */
export class QuestionsModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #signing: { boardId: string; signer: Promise<Signer | null> }
  readonly #trust: BoardTrust
  readonly #watchAnswers: () => void
  readonly #watchMarks: () => void

  constructor(doc: Y.Doc, clock: ServerClock, signing: { boardId: string; signer: Promise<Signer | null> }, trust: BoardTrust) {
    this.#doc = doc
    this.#clock = clock
    this.#signing = signing
    this.#trust = trust
    this.#watchAnswers = watchMap(questionAnswersMap(doc))
    this.#watchMarks = watchMap(questionMarksMap(doc))
  }

  /** A question's answers and its asker's mark, as this screen reads them (reactive: a mark still being checked counts). */
  status(card: CardView): QuestionStatus {
    this.#watchAnswers()
    this.#watchMarks()
    return questionStatus(card, readQuestionAnswers(this.#doc), readQuestionMarks(this.#doc), (...claim) => this.#trust.verdict(...claim))
  }

  /**
   * The questions from before talk `talkId` their asker has not marked `Answered`, as far as this device can
   * vouch once every mark is checked: a mark that does not verify as the asker's leaves the question open.
   */
  async openBefore(talkId: string): Promise<CardView[]> {
    const questions = [...cardsMap(this.#doc)].flatMap(([id, fields]) => {
      const card = readCard(id, fields)
      return card !== null && card.lane === 'questions' && card.talkId !== talkId ? [card] : []
    })
    const marks = readQuestionMarks(this.#doc)
    const verdicts = new Map<QuestionMark, Verdict>()
    for (const mark of marks) {
      if (mark.mark === 'answered')
        verdicts.set(mark, await this.#trust.check('question-mark', questionMarkFields(mark), mark.claim, mark.personId))
    }
    return openQuestions(questions, marks, (mark) => verdicts.get(mark) ?? NOT_VERIFIED)
  }

  /** `Answer`: by anyone but the asker; answering again revises it, the earlier answer kept. Resolves once written. */
  async answer(card: CardView, text: string, byId: string): Promise<void> {
    const signer = await this.#signing.signer.catch(() => null)
    await answerQuestion(
      this.#doc,
      { boardId: this.#signing.boardId, signer },
      { cardId: card.id, askerId: card.authorId },
      { text, byId, at: this.#clock.now() },
    )
  }

  /** `Answered` / `Not yet`, the asker's own; changing it rewrites it. Resolves once written. */
  async mark(card: CardView, personId: string, mark: QuestionMarkValue): Promise<void> {
    const signer = await this.#signing.signer.catch(() => null)
    await markQuestion(this.#doc, { boardId: this.#signing.boardId, signer }, { cardId: card.id, personId, mark, at: this.#clock.now() })
  }
}

export const [getQuestions, setQuestions] = createContext<QuestionsModel>()
