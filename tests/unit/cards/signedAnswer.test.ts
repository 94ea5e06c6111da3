/**
 * `Heard` is the card's author's only when it verifies as theirs: signed on
 * the author's device it does; written unsigned, or signed by anyone else,
 * it does not (and ListeningLoop then never shows it as theirs).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ReflectionField, CardField } from '../../../shared/schema.ts'
import { generateSigningKeyPair, signerOf } from '../../../shared/signing.ts'
import { addCard } from '../../../client/cards/cards.ts'
import { answerFields, answerReflection, reflectOn } from '../../../client/cards/reflections.ts'
import { cardsMap, readCard } from '../../../client/core/cardView.ts'
import { registerDevice } from '../../../client/core/devices.ts'
import { trustOnDevice } from '../../kit/memoryTrust.ts'

const BOARD = 'board-heard'

describe('an answer in the listening loop', () => {
  it('is the author’s only when signed on the author’s device', async () => {
    const doc = new Y.Doc()
    const alex = signerOf('device-alex', await generateSigningKeyPair())
    const blair = signerOf('device-blair', await generateSigningKeyPair())
    await registerDevice(doc, BOARD, alex, 'alex', 1)
    await registerDevice(doc, BOARD, blair, 'blair', 1)
    const trust = trustOnDevice(BOARD, doc, alex)
    const cardId = addCard(doc, { lane: 'feelings', text: 'I felt alone', authorId: 'alex', createdAt: 1, talkId: 't' })!
    const reflectionId = reflectOn(doc, cardId, 'blair', 'you were lonely', 2)!
    const verdict = async () => {
      const card = readCard(cardId, cardsMap(doc).get(cardId))!
      const reflection = card.reflections[0]!
      // What the screen's answerVerdict asks of BoardTrust, checked.
      const checked = await trust.check(
        'answer',
        answerFields(cardId, reflection, reflection.answer!),
        reflection.answerClaim,
        card.authorId,
      )
      return checked.state
    }

    // Blair writes "Heard" in Alex's name, signed by her own device: not Alex's.
    await answerReflection(doc, { boardId: BOARD, signer: blair }, { cardId, reflectionId, answer: 'heard', note: '', at: 3 })
    expect(await verdict()).toBe('not-verified')
    // Unsigned: not Alex's either.
    const reflection = (cardsMap(doc).get(cardId)!.get(CardField.reflections) as Y.Map<Y.Map<unknown>>).get(reflectionId)!
    reflection.delete(ReflectionField.answerClaim)
    expect(await verdict()).toBe('unsigned')
    // Alex answers on his own device: his.
    await answerReflection(doc, { boardId: BOARD, signer: alex }, { cardId, reflectionId, answer: 'heard', note: '', at: 4 })
    expect(await verdict()).toBe('verified')
    trust.destroy()
  })
})
