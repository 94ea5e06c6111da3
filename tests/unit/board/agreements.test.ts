import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Person, Role } from '../../../shared/schema.ts'
import { acceptAgreement, agreementStatus, canAccept, describeRecurrence } from '../../../client/cards/agreements.ts'
import { CardEdit } from '../../../client/cards/cardEdit.ts'
import { readCard, type CardView, cardsMap } from '../../../client/core/cardView.ts'
import { addCard } from '../../../client/cards/cards.ts'

const person = (id: string, role: Role = 'partner'): Person => ({ id, name: id, color: '#2f6f8f', role, joinedAt: 0 })
const people = (...list: Person[]) => new Map(list.map((p) => [p.id, p]))
const couple = people(person('alex'), person('blair'), person('sam', 'facilitator'))

function propose(doc: Y.Doc, text = 'We check in every Sunday'): string {
  return addCard(doc, { lane: 'agreements', text, authorId: 'alex', createdAt: 1, talkId: 't', recurrence: { every: 'week', weekday: 0 } })!
}
const view = (doc: Y.Doc, id: string): CardView => readCard(id, cardsMap(doc).get(id))!

describe('an agreement', () => {
  it('is a proposal until every partner accepts, even the proposer', () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    expect(agreementStatus(view(doc, id), couple)).toMatchObject({ kind: 'proposal', acceptedBy: [], waitingFor: ['alex', 'blair'] })
    acceptAgreement(doc, id, 'blair')
    expect(agreementStatus(view(doc, id), couple)).toMatchObject({ kind: 'proposal', acceptedBy: ['blair'], waitingFor: ['alex'] })
    acceptAgreement(doc, id, 'alex')
    expect(agreementStatus(view(doc, id), couple)).toEqual({ kind: 'agreed', partnerIds: ['alex', 'blair'] })
  })

  it("does not count a facilitator's acceptance, nor ask for it", () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    acceptAgreement(doc, id, 'sam')
    acceptAgreement(doc, id, 'alex')
    expect(agreementStatus(view(doc, id), couple).kind).toBe('proposal')
    expect(canAccept(view(doc, id), couple.get('sam'))).toBe(false)
    expect(canAccept(view(doc, id), couple.get('blair'))).toBe(true)
    expect(canAccept(view(doc, id), couple.get('alex'))).toBe(false)
  })

  it('needs two partners: one person alone on the board cannot make it an agreement', () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    acceptAgreement(doc, id, 'alex')
    expect(agreementStatus(view(doc, id), people(person('alex')))).toMatchObject({ kind: 'proposal', partnersMissing: 1 })
  })

  it('asks for acceptance again after a revision, and keeps the earlier text with who had accepted it', () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    acceptAgreement(doc, id, 'alex')
    acceptAgreement(doc, id, 'blair')
    const edit = CardEdit.begin(doc, id)!
    expect(edit.save({ text: 'We check in every Sunday at seven' }, 'blair', 50)).toBe('saved')
    const card = view(doc, id)
    expect(card.text).toBe('We check in every Sunday at seven')
    expect(agreementStatus(card, couple)).toMatchObject({ kind: 'proposal', acceptedBy: [] })
    expect(card.agreement!.currentById).toBe('blair')
    expect(card.agreement!.history).toEqual([
      { text: 'We check in every Sunday', byId: 'alex', at: 1, acceptedBy: ['alex', 'blair'], recurrence: { every: 'week', weekday: 0 } },
    ])
  })

  it('treats a change of how it repeats as a revision', () => {
    const doc = new Y.Doc()
    const id = propose(doc)
    acceptAgreement(doc, id, 'alex')
    const edit = CardEdit.begin(doc, id)!
    expect(edit.save({ text: 'We check in every Sunday', recurrence: { every: 'day' } }, 'alex', 9)).toBe('saved')
    expect(view(doc, id).agreement).toMatchObject({ acceptedBy: [], recurrence: { every: 'day' } })
    expect(describeRecurrence({ every: 'week', weekday: 0 })).toBe('Every Sunday')
  })

  it('ignores an acceptance of an earlier version that arrives late', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    const id = propose(a)
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    CardEdit.begin(a, id)!.save({ text: 'Every Sunday, after dinner' }, 'alex', 5)
    acceptAgreement(b, id, 'blair') // Blair accepted the old text, offline
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    for (const doc of [a, b]) expect(view(doc, id).agreement!.acceptedBy).toEqual([])
  })
})
