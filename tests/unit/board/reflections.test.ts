import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readCard, cardsMap } from '../../../client/core/cardView.ts'
import { addCard } from '../../../client/cards/cards.ts'

const NO_SIGNER = { boardId: 'b', signer: null }
import { answerReflection, awaitingAnswer, canReflect, reflectOn } from '../../../client/cards/reflections.ts'

describe('the listening loop', () => {
  it('goes round: reflect, not quite with a word, reflect again, heard', async () => {
    const doc = new Y.Doc()
    const id = addCard(doc, { lane: 'feelings', text: 'I felt alone', authorId: 'alex', createdAt: 1, talkId: 't' })!
    const view = () => readCard(id, cardsMap(doc).get(id))!
    expect(canReflect(view(), 'alex')).toBe(false)
    expect(canReflect(view(), 'blair')).toBe(true)

    const first = reflectOn(doc, id, 'blair', '  you were lonely  ', 2)!
    expect(awaitingAnswer(view())?.id).toBe(first)
    await answerReflection(doc, NO_SIGNER, { cardId: id, reflectionId: first, answer: 'not-quite', note: 'more left out', at: 3 })
    expect(awaitingAnswer(view())).toBeNull()

    const second = reflectOn(doc, id, 'blair', 'you felt left out of the plans', 4)!
    await answerReflection(doc, NO_SIGNER, { cardId: id, reflectionId: second, answer: 'heard', note: '', at: 5 })
    expect(view().reflections).toEqual([
      {
        id: first,
        byId: 'blair',
        text: 'you were lonely',
        at: 2,
        answer: 'not-quite',
        answerNote: 'more left out',
        answeredAt: 3,
        answerClaim: null,
        more: [],
      },
      {
        id: second,
        byId: 'blair',
        text: 'you felt left out of the plans',
        at: 4,
        answer: 'heard',
        answerNote: '',
        answeredAt: 5,
        answerClaim: null,
        more: [],
      },
    ])
  })

  it('places no blank reflection', () => {
    const doc = new Y.Doc()
    const id = addCard(doc, { lane: 'needs', text: 'rest', authorId: 'alex', createdAt: 1, talkId: 't' })!
    expect(reflectOn(doc, id, 'blair', '  \n ', 2)).toBeNull()
    expect(readCard(id, cardsMap(doc).get(id))!.reflections).toEqual([])
  })

  it('skips malformed reflections from a faulty device', () => {
    const doc = new Y.Doc()
    const id = addCard(doc, { lane: 'needs', text: 'rest', authorId: 'alex', createdAt: 1, talkId: 't' })!
    const reflections = cardsMap(doc).get(id)!.get('reflections') as Y.Map<unknown>
    reflections.set('junk', 'not a map')
    const noText = new Y.Map<unknown>()
    reflections.set('no-text', noText)
    noText.set('byId', 'blair')
    noText.set('at', 3)
    expect(readCard(id, cardsMap(doc).get(id))!.reflections).toEqual([])
  })
})
