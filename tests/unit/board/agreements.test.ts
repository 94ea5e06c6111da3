import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Person, Role } from '../../../shared/schema.ts'
import {
  acceptAgreement,
  agreementStatus,
  canAccept,
  canWithdraw,
  describeRecurrence,
  wasAgreed,
  withdrawAgreement,
} from '../../../client/cards/agreements.ts'
import { CardEdit } from '../../../client/cards/cardEdit.ts'
import { readCard, type CardView, cardsMap } from '../../../client/core/cardView.ts'
import { addCard } from '../../../client/cards/cards.ts'
import { CardField } from '../../../shared/schema.ts'

const person = (id: string, role: Role = 'partner'): Person => ({ id, name: id, color: '#2f6f8f', role, joinedAt: 0 })
const people = (...list: Person[]) => new Map(list.map((p) => [p.id, p]))
const couple = people(person('alex'), person('blair'), person('sam', 'facilitator'))

function propose(doc: Y.Doc, text = 'We check in every Sunday'): string {
  return addCard(doc, { lane: 'agreements', text, authorId: 'alex', createdAt: 1, talkId: 't', recurrence: { every: 'week', weekday: 0 } })!
}
const view = (doc: Y.Doc, id: string): CardView => readCard(id, cardsMap(doc).get(id))!
/** These are the rules over verdicts: here every yes on the record verifies (signatures: signedAcceptance.test.ts). */
const verified = (card: CardView) =>
  new Map((card.agreement?.acceptedBy ?? []).map((personId) => [personId, { state: 'verified', personId, deviceId: 'd' } as const]))
const BOARD = 'board-1'

describe('an agreement', () => {
  it("counts the proposal as the proposer's yes: the other partner's acceptance makes it an agreement", async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    expect(agreementStatus(view(doc, id), couple, verified(view(doc, id)))).toMatchObject({
      kind: 'proposal',
      acceptedBy: ['alex'],
      waitingFor: ['blair'],
    })
    expect(canAccept(view(doc, id), couple.get('alex'), verified(view(doc, id)))).toBe(false)
    await acceptAgreement(doc, BOARD, null, id, 'blair')
    expect(agreementStatus(view(doc, id), couple, verified(view(doc, id)))).toEqual({ kind: 'agreed', partnerIds: ['alex', 'blair'] })
  })

  it("reads an agreement from before this rule, without the proposer's yes written down, as accepted by its proposer", async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    // As the app wrote it then: an empty acceptedBy map, and (revised) earlier versions without their writer's yes.
    const fields = cardsMap(doc).get(id)!
    fields.set(CardField.acceptedBy, new Y.Map())
    expect(view(doc, id).agreement!.acceptedBy).toEqual(['alex'])
    expect(agreementStatus(view(doc, id), couple, verified(view(doc, id)))).toMatchObject({
      kind: 'proposal',
      acceptedBy: ['alex'],
      waitingFor: ['blair'],
    })
    fields.set(CardField.history, Y.Array.from([{ text: 'Old words', byId: 'blair', at: 0, acceptedBy: ['alex'], recurrence: null }]))
    expect(view(doc, id).agreement!.history[0]!.acceptedBy.sort()).toEqual(['alex', 'blair'])
  })

  it('waits only for the partners on the board: someone removed is not waited for', async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    const withGhost = people(person('alex'), person('blair'), person('alex2'))
    await acceptAgreement(doc, BOARD, null, id, 'blair')
    expect(agreementStatus(view(doc, id), withGhost, verified(view(doc, id)))).toMatchObject({ kind: 'proposal', waitingFor: ['alex2'] })
    // board.onBoard: the people who joined, less those removed.
    expect(agreementStatus(view(doc, id), couple, verified(view(doc, id)))).toEqual({ kind: 'agreed', partnerIds: ['alex', 'blair'] })
  })

  it("does not count a facilitator's acceptance, nor ask for it", async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    await acceptAgreement(doc, BOARD, null, id, 'sam')
    await acceptAgreement(doc, BOARD, null, id, 'alex')
    expect(agreementStatus(view(doc, id), couple, verified(view(doc, id))).kind).toBe('proposal')
    expect(canAccept(view(doc, id), couple.get('sam'), verified(view(doc, id)))).toBe(false)
    expect(canAccept(view(doc, id), couple.get('blair'), verified(view(doc, id)))).toBe(true)
    expect(canAccept(view(doc, id), couple.get('alex'), verified(view(doc, id)))).toBe(false)
  })

  it('needs two partners: one person alone on the board cannot make it an agreement', async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    await acceptAgreement(doc, BOARD, null, id, 'alex')
    expect(agreementStatus(view(doc, id), people(person('alex')), verified(view(doc, id)))).toMatchObject({
      kind: 'proposal',
      partnersMissing: 1,
    })
  })

  it('asks for acceptance again after a revision, and keeps the earlier text with who had accepted it', async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    await acceptAgreement(doc, BOARD, null, id, 'alex')
    await acceptAgreement(doc, BOARD, null, id, 'blair')
    const edit = CardEdit.begin(doc, id)!
    expect(edit.save({ text: 'We check in every Sunday at seven' }, 'blair', 50)).toBe('saved')
    const card = view(doc, id)
    expect(card.text).toBe('We check in every Sunday at seven')
    // The revision is the reviser's yes, and waits for the proposer again.
    expect(agreementStatus(card, couple, verified(card))).toMatchObject({ kind: 'proposal', acceptedBy: ['blair'], waitingFor: ['alex'] })
    expect(card.agreement!.currentById).toBe('blair')
    expect(card.agreement!.revisedById).toBe('blair')
    expect(canAccept(card, couple.get('blair'), verified(card))).toBe(false)
    await acceptAgreement(doc, BOARD, null, id, 'alex')
    expect(agreementStatus(view(doc, id), couple, verified(view(doc, id))).kind).toBe('agreed')
    expect(card.agreement!.history).toEqual([
      { text: 'We check in every Sunday', byId: 'alex', at: 1, acceptedBy: ['alex', 'blair'], recurrence: { every: 'week', weekday: 0 } },
    ])
  })

  it('treats a change of how it repeats as a revision', async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    await acceptAgreement(doc, BOARD, null, id, 'alex')
    const edit = CardEdit.begin(doc, id)!
    expect(edit.save({ text: 'We check in every Sunday', recurrence: { every: 'day' } }, 'alex', 9)).toBe('saved')
    expect(view(doc, id).agreement).toMatchObject({ acceptedBy: ['alex'], recurrence: { every: 'day' } })
    expect(describeRecurrence({ every: 'week', weekday: 0 })).toBe('Every Sunday')
  })

  it('ignores an acceptance of an earlier version that arrives late', async () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    const id = propose(a)
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    CardEdit.begin(a, id)!.save({ text: 'Every Sunday, after dinner' }, 'alex', 5)
    await acceptAgreement(b, BOARD, null, id, 'blair') // Blair accepted the old text, offline
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    for (const doc of [a, b]) expect(view(doc, id).agreement!.acceptedBy).toEqual(['alex'])
  })

  it("revised by a facilitator, waits for both partners: a facilitator's yes does not count", async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    await acceptAgreement(doc, BOARD, null, id, 'blair')
    CardEdit.begin(doc, id)!.save({ text: 'We check in every Sunday, for ten minutes' }, 'sam', 5)
    expect(agreementStatus(view(doc, id), couple, verified(view(doc, id)))).toMatchObject({
      kind: 'proposal',
      acceptedBy: [],
      waitingFor: ['alex', 'blair'],
    })
  })
})

describe('an agreement both partners accepted', () => {
  it('is withdrawn, not deleted: it keeps its text, versions and acceptances, and names who withdrew it and when', async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    expect(wasAgreed(view(doc, id), couple, verified(view(doc, id)))).toBe(false)
    expect(canWithdraw(view(doc, id), couple.get('alex'), couple, verified(view(doc, id)))).toBe(false)
    await acceptAgreement(doc, BOARD, null, id, 'blair')
    expect(wasAgreed(view(doc, id), couple, verified(view(doc, id)))).toBe(true)
    expect(canWithdraw(view(doc, id), couple.get('blair'), couple, verified(view(doc, id)))).toBe(true)
    // The promise is the couple's: a facilitator does not withdraw it.
    expect(canWithdraw(view(doc, id), couple.get('sam'), couple, verified(view(doc, id)))).toBe(false)
    await withdrawAgreement(doc, BOARD, null, id, 'blair', 77)
    const card = view(doc, id)
    expect(card.text).toBe('We check in every Sunday')
    expect(card.agreement!.withdrawn).toEqual({ byId: 'blair', at: 77, claim: null })
    expect(agreementStatus(card, couple, verified(card))).toEqual({
      kind: 'withdrawn',
      byId: 'blair',
      byVerified: false,
      at: 77,
      acceptedBy: ['alex', 'blair'],
      unverified: [],
    })
    expect(canAccept(card, couple.get('blair'), verified(card))).toBe(false)
    expect(canWithdraw(card, couple.get('alex'), couple, verified(card))).toBe(false)
  })

  it('stays one that was agreed while a revision waits, so it is withdrawn rather than deleted then too', async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    await acceptAgreement(doc, BOARD, null, id, 'blair')
    CardEdit.begin(doc, id)!.save({ text: 'Every Sunday and Wednesday' }, 'blair', 5)
    expect(agreementStatus(view(doc, id), couple, verified(view(doc, id))).kind).toBe('proposal')
    expect(wasAgreed(view(doc, id), couple, verified(view(doc, id)))).toBe(true)
  })

  it('reads a withdrawal with an odd name or time as no withdrawal', async () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    const fields = cardsMap(doc).get(id)!
    for (const [by, at] of [
      [42, 1],
      ['blair', 'soon'],
      ['blair', Number.NaN],
      [null, 1],
    ] as const) {
      fields.set(CardField.withdrawnBy, by)
      fields.set(CardField.withdrawnAt, at)
      expect(view(doc, id).agreement!.withdrawn).toBeNull()
    }
  })
})
