/**
 * The hurt partner's questions: answers by anyone but the asker, kept with
 * their earlier versions; the asker's own mark, the only one that counts;
 * and which questions are carried into the next talk — every one not marked
 * `Answered` by a mark that verifies as the asker's.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Verdict } from '../../../client/core/claimCheck.ts'
import { signClaim } from '../../../client/core/claims.ts'
import {
  MAX_ANSWER_TEXT,
  openQuestions,
  questionAnswersMap,
  questionMarkFields,
  questionMarksMap,
  questionStatus,
  readQuestionAnswers,
  readQuestionMarks,
  type VerdictOf,
} from '../../../client/core/questions.ts'
import { answerQuestion, markQuestion } from '../../../client/questions/questions.ts'
import { mayaAndSamDevices } from '../../kit/memoryTrust.ts'

const BOARD = 'board-questions'
const T0 = 1_750_000_000_000
const maya = { id: 'q-maya', authorId: 'maya' }
const another = { id: 'q-another', authorId: 'maya' }

/** Maya and Sam's devices on a board, read on Maya's; every claim checked first, then read as the screen reads it. */
async function board() {
  const { doc, maya: mayaSigner, sam: samSigner, trust } = await mayaAndSamDevices(BOARD, T0, 'maya')
  const checked = new Map<string, Verdict>()
  const verdictOf: VerdictOf = (kind, fields, claim, personId) =>
    checked.get(JSON.stringify([kind, fields, claim, personId])) ?? { state: 'checking' }
  const checkMarks = async () => {
    for (const mark of readQuestionMarks(doc)) {
      const args = ['question-mark', questionMarkFields(mark), mark.claim, mark.personId] as const
      checked.set(JSON.stringify(args), await trust.check(...args))
    }
  }
  const markVerdict = (mark: ReturnType<typeof readQuestionMarks>[number]) =>
    verdictOf('question-mark', questionMarkFields(mark), mark.claim, mark.personId)
  return { doc, mayaSigner, samSigner, verdictOf, checkMarks, markVerdict }
}

describe('reading answers and marks', () => {
  it('drops misfiled, empty and malformed entries, and cuts an answer to what one holds', () => {
    const doc = new Y.Doc()
    const answers = questionAnswersMap(doc)
    const answer = { cardId: 'q1', answerId: 'a1', text: 'I was at work late.', byId: 'sam', at: T0 }
    answers.set('q1:a1', answer)
    answers.set('q1:a2', answer) // filed under another answer
    answers.set('q1:a3', { ...answer, answerId: 'a3', text: '   ' })
    answers.set('q1:a4', { ...answer, answerId: 'a4', at: 'yesterday' })
    answers.set('q1:a5', { ...answer, answerId: 'a5', text: 'x'.repeat(MAX_ANSWER_TEXT + 50), at: T0 + 1 })
    expect(readQuestionAnswers(doc).map((each) => each.answerId)).toEqual(['a1', 'a5'])
    expect(readQuestionAnswers(doc)[1]!.text).toHaveLength(MAX_ANSWER_TEXT)

    const marks = questionMarksMap(doc)
    marks.set('q1:maya', { cardId: 'q1', personId: 'maya', mark: 'answered', at: T0 })
    marks.set('q1:sam', { cardId: 'q1', personId: 'maya', mark: 'answered', at: T0 }) // under someone else's key
    marks.set('q2:maya', { cardId: 'q2', personId: 'maya', mark: 'maybe', at: T0 })
    expect(readQuestionMarks(doc)).toEqual([{ cardId: 'q1', personId: 'maya', mark: 'answered', at: T0, claim: null }])
  })
})

describe('answering a question', () => {
  it('takes answers from anyone but the asker, the latest being the answer and the earlier kept readable', async () => {
    const { doc, samSigner, mayaSigner, verdictOf } = await board()
    const question = { cardId: maya.id, askerId: 'maya' }
    expect(
      await answerQuestion(doc, { boardId: BOARD, signer: mayaSigner }, question, { text: 'My own answer', byId: 'maya', at: T0 }),
    ).toBeNull()
    await answerQuestion(doc, { boardId: BOARD, signer: samSigner }, question, { text: 'I was afraid.', byId: 'sam', at: T0 + 1 })
    await answerQuestion(doc, { boardId: BOARD, signer: samSigner }, question, {
      text: 'I was afraid of losing you.',
      byId: 'sam',
      at: T0 + 2,
    })
    const status = questionStatus(maya, readQuestionAnswers(doc), [], verdictOf)
    expect(status.answers.map((each) => each.text)).toEqual(['I was afraid.', 'I was afraid of losing you.'])
    expect(status.answers.every((each) => each.claim !== null)).toBe(true)
    // An answer is not a mark: the question stays open until Maya says otherwise.
    expect(status.answered).toBe(false)
  })
})

describe("the asker's mark", () => {
  it("counts only the asker's own mark, and only when it verifies as theirs", async () => {
    const { doc, mayaSigner, samSigner, verdictOf, checkMarks } = await board()
    // Sam marks Maya's question answered: kept apart, never counted.
    await markQuestion(doc, { boardId: BOARD, signer: samSigner }, { cardId: maya.id, personId: 'sam', mark: 'answered', at: T0 })
    await checkMarks()
    expect(questionStatus(maya, [], readQuestionMarks(doc), verdictOf).mark).toBeNull()

    // A mark under Maya's name signed by Sam's device does not verify as hers.
    const forged = { cardId: maya.id, personId: 'maya', mark: 'answered' as const, at: T0 + 1 }
    const claim = await signClaim(samSigner, BOARD, 'question-mark', questionMarkFields(forged))
    questionMarksMap(doc).set(`${maya.id}:maya`, { ...forged, claim })
    await checkMarks()
    expect(questionStatus(maya, [], readQuestionMarks(doc), verdictOf).answered).toBe(false)

    // Maya's own, signed: counted; and she may change it back.
    await markQuestion(doc, { boardId: BOARD, signer: mayaSigner }, { cardId: maya.id, personId: 'maya', mark: 'answered', at: T0 + 2 })
    await checkMarks()
    expect(questionStatus(maya, [], readQuestionMarks(doc), verdictOf).answered).toBe(true)
    await markQuestion(doc, { boardId: BOARD, signer: mayaSigner }, { cardId: maya.id, personId: 'maya', mark: 'not-yet', at: T0 + 3 })
    await checkMarks()
    const status = questionStatus(maya, [], readQuestionMarks(doc), verdictOf)
    expect(status.mark?.mark).toBe('not-yet')
    expect(status.answered).toBe(false)
  })
})

describe('carrying questions into the next talk', () => {
  it('carries every question not marked answered by a verified mark of its asker, and only those', async () => {
    const { doc, mayaSigner, samSigner, checkMarks, markVerdict } = await board()
    const answered = { id: 'q-answered', authorId: 'maya' }
    const notYet = { id: 'q-not-yet', authorId: 'maya' }
    const byOther = { id: 'q-by-other', authorId: 'maya' }
    const unmarked = another
    await markQuestion(doc, { boardId: BOARD, signer: mayaSigner }, { cardId: answered.id, personId: 'maya', mark: 'answered', at: T0 })
    await markQuestion(doc, { boardId: BOARD, signer: mayaSigner }, { cardId: notYet.id, personId: 'maya', mark: 'not-yet', at: T0 })
    await markQuestion(doc, { boardId: BOARD, signer: samSigner }, { cardId: byOther.id, personId: 'sam', mark: 'answered', at: T0 })
    await checkMarks()
    const open = openQuestions([answered, notYet, byOther, unmarked], readQuestionMarks(doc), markVerdict)
    expect(open.map((card) => card.id)).toEqual([notYet.id, byOther.id, unmarked.id])
    // A mark not checked yet is not taken as the asker's: the question comes along rather than being dropped.
    expect(openQuestions([answered], readQuestionMarks(doc), () => ({ state: 'checking' })).map((card) => card.id)).toEqual([answered.id])
  })
})
