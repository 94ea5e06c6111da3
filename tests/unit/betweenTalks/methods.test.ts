/**
 * The methods as a facilitator chooses them: the `After a hard moment`
 * template, Imago's `Is there more?` as read from the doc (only the
 * listener's asks and the author's additions count, signed as the
 * author's), and the reply-after-`Heard` rule and its setting.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CardField, MAX_REFLECTION_TEXT, ReflectionField, type Person, type Role } from '../../../shared/schema.ts'
import { generateSigningKeyPair, signerOf } from '../../../shared/signing.ts'
import { addCard } from '../../../client/cards/cards.ts'
import { waitingToBeHeard, type HeardFirstQuestion } from '../../../client/cards/heardFirst.ts'
import { addMore, askForMore, canAddMore, canAskForMore, moreFields, reflectOn } from '../../../client/cards/reflections.ts'
import { cardsMap, readCard, type CardView, type ReflectionView } from '../../../client/core/cardView.ts'
import { registerDevice } from '../../../client/core/devices.ts'
import { MAX_MORE_TURNS, readMoreTurns } from '../../../client/core/moreTurns.ts'
import { joinBoard } from '../../../client/core/people.ts'
import { MAX_PHASE_TITLE, PHASE_TEMPLATES, readPhaseValue } from '../../../client/facilitation/facilitation.ts'
import { setPartnersMovePhases } from '../../../client/facilitation/phaseMovers.ts'
import { readReflectFirst, setReflectFirst } from '../../../client/facilitation/reflectFirst.ts'
import { trustOnDevice } from '../../kit/memoryTrust.ts'

const person = (id: string, role: Role, joinedAt = 0): Person => ({ id, name: id, role, color: '#000000', joinedAt })

describe('the templates a facilitator chooses from', () => {
  it('are the guided talk, the weekly check-in and After a hard moment, each with short phase titles', () => {
    expect(Object.values(PHASE_TEMPLATES).map((template) => template.title)).toEqual([
      'Guided talk',
      'Weekly check-in',
      'After a hard moment',
    ])
    for (const template of Object.values(PHASE_TEMPLATES)) {
      for (const phase of template.phases) expect(phase.title.length).toBeLessThanOrEqual(MAX_PHASE_TITLE)
    }
  })

  it('After a hard moment goes feelings, realities, triggers, responsibility, one change — each to its lane', () => {
    const phases = PHASE_TEMPLATES.afterHardMoment.phases
    expect(phases.map((phase) => phase.lane)).toEqual(['feelings', 'concerns', 'needs', 'appreciations', 'agreements'])
    expect(phases[0].prompt).toMatch(/from the list — no reasons yet/)
    expect(phases[1].prompt).toMatch(/both can be true/)
    expect(phases[2].prompt).toBe('What from before made it hit so hard?')
    expect(phases[3].prompt).toMatch(/What part was yours\? Say it plainly/)
  })

  it('is read back from the doc as written, so every screen shows its phases', () => {
    const read = readPhaseValue({ template: 'afterHardMoment', index: 4 })
    expect(read?.template).toBe('afterHardMoment')
    expect(read?.phase.title).toBe('One thing to do differently')
    expect(read?.count).toBe(5)
    // A template this version does not know reads as no phase, never as a crash.
    expect(readPhaseValue({ template: 'afterHardMoments', index: 0 })).toBeNull()
  })
})

/** Alex's card, Blair's reflection of it. */
function aReflectedCard(): { doc: Y.Doc; cardId: string; reflectionId: string } {
  const doc = new Y.Doc()
  const cardId = addCard(doc, { lane: 'feelings', text: 'I felt alone', authorId: 'alex', createdAt: 1, talkId: 't' })!
  const reflectionId = reflectOn(doc, cardId, 'blair', 'you were lonely', 2)!
  return { doc, cardId, reflectionId }
}

const reflectionOf = (doc: Y.Doc, cardId: string): ReflectionView => readCard(cardId, cardsMap(doc).get(cardId))!.reflections[0]!
const turnsOf = (doc: Y.Doc, cardId: string, reflectionId: string): Y.Array<unknown> =>
  (cardsMap(doc).get(cardId)!.get(CardField.reflections) as Y.Map<Y.Map<unknown>>)
    .get(reflectionId)!
    .get(ReflectionField.more) as Y.Array<unknown>

describe('Is there more?', () => {
  it('the listener asks, the author adds more, the listener may ask again; each turn read in order', async () => {
    const { doc, cardId, reflectionId } = aReflectedCard()
    // The author cannot ask, the listener can; the author adds nothing before an ask.
    expect(askForMore(doc, cardId, reflectionId, 'alex', 3)).toBe(false)
    expect(await addMore(doc, { boardId: 'b', signer: null }, { cardId, reflectionId, byId: 'alex', text: 'more', at: 3 })).toBe(false)
    expect(askForMore(doc, cardId, reflectionId, 'blair', 3)).toBe(true)
    // One ask at a time.
    expect(canAskForMore(reflectionOf(doc, cardId), 'blair')).toBe(false)
    expect(canAddMore({ authorId: 'alex' }, reflectionOf(doc, cardId), 'alex')).toBe(true)
    expect(canAddMore({ authorId: 'alex' }, reflectionOf(doc, cardId), 'blair')).toBe(false)
    // Only the author adds.
    expect(await addMore(doc, { boardId: 'b', signer: null }, { cardId, reflectionId, byId: 'blair', text: 'x', at: 4 })).toBe(false)
    expect(await addMore(doc, { boardId: 'b', signer: null }, { cardId, reflectionId, byId: 'alex', text: '  And scared.  ', at: 4 })).toBe(
      true,
    )
    expect(askForMore(doc, cardId, reflectionId, 'blair', 5)).toBe(true)
    expect(await addMore(doc, { boardId: 'b', signer: null }, { cardId, reflectionId, byId: 'alex', text: 'That is all.', at: 6 })).toBe(
      true,
    )
    const more = reflectionOf(doc, cardId).more
    expect(more.map((turn) => (turn.kind === 'ask' ? 'ask' : turn.text))).toEqual(['ask', 'And scared.', 'ask', 'That is all.'])
    // Unsigned, it carries no claim (the screen says it was written before signing).
    expect(more.every((turn) => turn.kind === 'ask' || turn.claim === null)).toBe(true)
  })

  it('reads only the listener’s asks and the author’s additions, of sane length, from whatever was written', () => {
    const { doc, cardId, reflectionId } = aReflectedCard()
    turnsOf(doc, cardId, reflectionId).push([
      { id: 'a1', kind: 'ask', byId: 'alex', at: 3 }, // the author cannot ask for the listener
      { id: 'a2', kind: 'ask', byId: 'blair', at: 4 },
      { id: 'm1', kind: 'more', byId: 'blair', text: 'words in Alex’s place', at: 5 }, // nor the listener add for the author
      { id: 'm2', kind: 'more', byId: 'alex', text: 'x'.repeat(MAX_REFLECTION_TEXT * 3), at: 6 },
      { id: 'm3', kind: 'more', byId: 'alex', text: '   ', at: 7 },
      { id: 'm4', kind: 'more', byId: 'alex', text: 42, at: 8 },
      { id: 'm5', kind: 'more', byId: 'alex', text: 'fine', at: Number.NaN },
      { kind: 'ask', byId: 'blair', at: 9 },
      'a string',
      null,
      { id: 'm6', kind: 'more', byId: 'alex', text: 'signed oddly', at: 10, claim: { deviceId: '', signature: '!' } },
    ])
    const more = reflectionOf(doc, cardId).more
    expect(more.map((turn) => turn.id)).toEqual(['a2', 'm2', 'm6'])
    expect(more[1]!.kind === 'more' && more[1]!.text.length).toBe(MAX_REFLECTION_TEXT)
    expect(more[2]!.kind === 'more' && more[2]!.claim).toBeNull()
    // An old board's reflection, or a list that is not one, reads as no turns; a flood is cut.
    expect(readMoreTurns(undefined, { listenerId: 'blair', authorId: 'alex' })).toEqual([])
    expect(readMoreTurns(['x'], { listenerId: 'blair', authorId: 'alex' })).toEqual([])
    const flood = new Y.Array<unknown>()
    new Y.Doc().getMap('m').set('flood', flood)
    flood.push(Array.from({ length: 100 }, (_, at) => ({ id: `f${at}`, kind: 'ask', byId: 'blair', at })))
    expect(readMoreTurns(flood, { listenerId: 'blair', authorId: 'alex' })).toHaveLength(MAX_MORE_TURNS)
  })

  it('an addition is the author’s only when signed on the author’s device', async () => {
    const { doc, cardId, reflectionId } = aReflectedCard()
    const alex = signerOf('device-alex', await generateSigningKeyPair())
    const blair = signerOf('device-blair', await generateSigningKeyPair())
    await registerDevice(doc, 'b', alex, 'alex', 1)
    await registerDevice(doc, 'b', blair, 'blair', 1)
    const trust = trustOnDevice('b', doc, alex)
    const verdicts = async () =>
      Promise.all(
        reflectionOf(doc, cardId)
          .more.filter((turn) => turn.kind === 'more')
          .map(async (turn) => (await trust.check('more', moreFields(cardId, reflectionId, turn), turn.claim, 'alex')).state),
      )
    askForMore(doc, cardId, reflectionId, 'blair', 3)
    // Blair's device writing an addition in Alex's name does not make it Alex's.
    await addMore(doc, { boardId: 'b', signer: blair }, { cardId, reflectionId, byId: 'alex', text: 'not mine', at: 4 })
    askForMore(doc, cardId, reflectionId, 'blair', 5)
    await addMore(doc, { boardId: 'b', signer: alex }, { cardId, reflectionId, byId: 'alex', text: 'mine', at: 6 })
    expect(await verdicts()).toEqual(['not-verified', 'verified'])
    trust.destroy()
  })
})

/** A card as the rule reads it; reflections as given. */
function card(id: string, authorId: string, createdAt: number, reflections: Partial<ReflectionView>[] = []): CardView {
  return {
    id,
    lane: 'feelings',
    text: id,
    authorId,
    createdAt,
    talkId: 't',
    editedAt: null,
    intensity: null,
    words: [],
    reflections: reflections.map((reflection, index) => ({
      id: `${id}-r${index}`,
      byId: 'blair',
      text: 'heard you',
      at: createdAt + 1,
      answer: null,
      answerNote: '',
      answeredAt: null,
      answerClaim: null,
      more: [],
      ...reflection,
    })),
    agreement: null,
    claims: [],
    themes: [],
  }
}

const ask = (cards: CardView[], more: Partial<HeardFirstQuestion> = {}): string | null =>
  waitingToBeHeard({
    cards,
    talkId: 't',
    since: 100,
    listenerId: 'blair',
    partners: new Set(['alex', 'blair']),
    answerCounts: () => true,
    ...more,
  })?.id ?? null

describe('reflect before replying', () => {
  const heard = { answer: 'heard' as const, answeredAt: 150 }

  it('holds the listener’s card until their reflection of the other’s card is marked Heard', () => {
    expect(ask([card('alex1', 'alex', 110)])).toBe('alex1')
    expect(ask([card('alex1', 'alex', 110, [{ answer: 'not-quite', answeredAt: 150 }])])).toBe('alex1')
    expect(ask([card('alex1', 'alex', 110, [{ ...heard, byId: 'sam' }])])).toBe('alex1') // someone else's reflection is not Blair's
    expect(ask([card('alex1', 'alex', 110, [{ answer: 'not-quite', answeredAt: 140 }, heard])])).toBeNull()
    // Every card of the other's in this phase, oldest first.
    expect(ask([card('alex2', 'alex', 120), card('alex1', 'alex', 110, [heard])])).toBe('alex2')
  })

  it('counts only the other partners’ cards in this talk since the phase began', () => {
    expect(ask([card('mine', 'blair', 110)])).toBeNull()
    expect(ask([card('before the phase', 'alex', 90)])).toBeNull()
    expect(ask([{ ...card('other talk', 'alex', 110), talkId: 'u' }])).toBeNull()
    expect(ask([card('the facilitator', 'lee', 110)])).toBeNull()
    // A facilitator is never held.
    expect(ask([card('alex1', 'alex', 110)], { listenerId: 'lee' })).toBeNull()
  })

  it('a Heard that does not verify as the author’s does not count', () => {
    expect(ask([card('alex1', 'alex', 110, [heard])], { answerCounts: () => false })).toBe('alex1')
  })

  it('reads a placed card as things stood then: placed before the Heard, it was placed against the rule', () => {
    const cards = [card('alex1', 'alex', 110, [heard])]
    expect(ask(cards, { at: 140 })).toBe('alex1')
    expect(ask(cards, { at: 160 })).toBeNull()
    // A card placed before the other's card existed waited on nothing.
    expect(ask(cards, { at: 105 })).toBeNull()
  })

  it('is set by whoever may move the phases, named, and turned off again', () => {
    const doc = new Y.Doc()
    joinBoard(doc, person('alex', 'partner'))
    joinBoard(doc, person('blair', 'partner'))
    // A couple on their own runs their own talk.
    expect(setReflectFirst(doc, 't', true, 'alex', 500)).toBe(true)
    expect(readReflectFirst(doc, 't')).toEqual({ on: true, by: 'alex', at: 500 })
    joinBoard(doc, person('lee', 'facilitator', 1_000))
    // Once a facilitator is on the board, it is theirs; a partner's write is refused, and would not count.
    expect(setReflectFirst(doc, 't', false, 'blair', 2_000)).toBe(false)
    doc.getMap('facilitation').set('t:reflectFirst:blair', { on: false, at: 2_000 })
    expect(readReflectFirst(doc, 't')?.on).toBe(true)
    expect(setReflectFirst(doc, 't', false, 'lee', 2_100)).toBe(true)
    expect(readReflectFirst(doc, 't')).toEqual({ on: false, by: 'lee', at: 2_100 })
    expect(readReflectFirst(doc, 'another talk')).toBeNull()
    // Opened to the partners, a partner may turn it on again.
    setPartnersMovePhases(doc, true, 'lee', 3_000)
    expect(setReflectFirst(doc, 't', true, 'blair', 3_100)).toBe(true)
    expect(readReflectFirst(doc, 't')?.by).toBe('blair')
    for (const odd of [null, 'on', { on: 'yes', at: 4_000 }, { on: true, at: 'later' }]) {
      doc.getMap('facilitation').set('t:reflectFirst:alex', odd)
      expect(readReflectFirst(doc, 't')?.by).toBe('blair')
    }
  })
})
