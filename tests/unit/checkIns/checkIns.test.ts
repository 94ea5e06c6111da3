import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkInsMap, isDue, markAgreement, readCheckIns } from '../../../client/checkIns/checkIns.ts'
import { describeDifferences, describeTotals, trustAccount, trustTotals } from '../../../client/checkIns/trustAccount.ts'
import { SAW_DIFFERENTLY } from '../../../client/core/checkInOutcomes.ts'
import type { CheckIn } from '../../../shared/schema.ts'

const DAY = 24 * 60 * 60 * 1000
const NO_SIGNER = { boardId: 'b', signer: null }
/** The account's rules over verdicts: here every mark verifies (signatures: the integration test forgedAcceptance). */
const verified = (entry: CheckIn) => ({ state: 'verified', personId: entry.personId, deviceId: 'd' }) as const

describe('check-ins', () => {
  it('keep one mark per talk, agreement and person; marking again changes it; partners marking at once both count', async () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    await markAgreement(a, NO_SIGNER, { talkId: 't2', cardId: 'c', personId: 'alex', mark: 'missed', at: 1 })
    await markAgreement(a, NO_SIGNER, { talkId: 't2', cardId: 'c', personId: 'alex', mark: 'kept', note: '  mostly  ', at: 2 })
    await markAgreement(b, NO_SIGNER, { talkId: 't2', cardId: 'c', personId: 'blair', mark: 'kept', at: 3 })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(readCheckIns(a).map(({ personId, mark, note }) => ({ personId, mark, note }))).toEqual([
      { personId: 'alex', mark: 'kept', note: 'mostly' },
      { personId: 'blair', mark: 'kept', note: '' },
    ])
  })

  it('read a malformed or misfiled entry as absent', () => {
    const doc = new Y.Doc()
    checkInsMap(doc).set('t:c:p', { talkId: 't', cardId: 'c', personId: 'p', mark: 'maybe', note: '', at: 1 } as never)
    checkInsMap(doc).set('elsewhere', { talkId: 't', cardId: 'c', personId: 'p', mark: 'kept', note: '', at: 1 })
    expect(readCheckIns(doc)).toEqual([])
  })
})

describe('a recurring agreement comes due', () => {
  it('daily after a day, monthly after thirty days', () => {
    expect(isDue({ every: 'day' }, 0, DAY - 1)).toBe(false)
    expect(isDue({ every: 'day' }, 0, DAY)).toBe(true)
    expect(isDue({ every: 'month' }, 0, 29 * DAY)).toBe(false)
    expect(isDue({ every: 'month' }, 0, 30 * DAY)).toBe(true)
  })

  it('weekly once its weekday has begun since the last check-in', () => {
    const wednesday = new Date(2026, 10, 25, 18, 0).getTime()
    const sundayAfter = new Date(2026, 10, 29, 9, 0).getTime()
    expect(isDue({ every: 'week', weekday: 0 }, wednesday, sundayAfter)).toBe(true)
    expect(isDue({ every: 'week', weekday: 0 }, wednesday, sundayAfter - 10 * 60 * 60 * 1000)).toBe(false)
  })
})

describe('the trust account', () => {
  const mark = (talkId: string, cardId: string, personId: string, value: CheckIn['mark'], at: number): CheckIn => ({
    talkId,
    cardId,
    personId,
    mark: value,
    note: '',
    at,
  })
  const partners = (personId: string) => personId === 'maya' || personId === 'jordan'

  it('counts one point per agreement and talk: two agreements, four marks, one seen differently, is 1 kept and 1 to talk over', () => {
    const points = trustAccount(
      [
        mark('t', 'walks', 'maya', 'kept', 1),
        mark('t', 'walks', 'jordan', 'kept', 2),
        mark('t', 'texts', 'maya', 'missed', 3),
        mark('t', 'texts', 'jordan', 'kept', 4),
      ],
      verified,
      partners,
    )
    expect(points.map((point) => [point.cardId, point.outcome, point.balance])).toEqual([
      ['walks', 'kept', 1],
      ['texts', 'differently', 1],
    ])
    const totals = trustTotals(points)
    expect(totals).toEqual({ kept: 1, missed: 0, differently: 1 })
    expect(describeTotals(totals)).toBe('1 agreement kept.')
    expect(describeDifferences(totals.differently)).toMatch(/differently — worth a word\.$/)
    expect(SAW_DIFFERENTLY).toBe('You saw this one differently — worth a word')
  })

  it('grows with every kept agreement and never shrinks for a missed one; the same agreement at another talk is another point', () => {
    const points = trustAccount(
      [mark('t1', 'c', 'maya', 'kept', 1), mark('t1', 'd', 'maya', 'missed', 2), mark('t2', 'c', 'maya', 'kept', 3)],
      verified,
    )
    expect(points.map((point) => point.balance)).toEqual([1, 1, 2])
    expect(describeTotals(trustTotals(points))).toBe('2 agreements kept, 1 missed along the way.')
  })

  it('counts a point once the partners agree: a mark changed later resolves the difference', async () => {
    const doc = new Y.Doc()
    await markAgreement(doc, NO_SIGNER, { talkId: 't', cardId: 'c', personId: 'maya', mark: 'missed', at: 1 })
    await markAgreement(doc, NO_SIGNER, { talkId: 't', cardId: 'c', personId: 'jordan', mark: 'kept', at: 2 })
    expect(trustAccount(readCheckIns(doc), verified, partners).map((point) => point.outcome)).toEqual(['differently'])
    await markAgreement(doc, NO_SIGNER, { talkId: 't', cardId: 'c', personId: 'maya', mark: 'kept', note: 'on reflection', at: 3 })
    const points = trustAccount(readCheckIns(doc), verified, partners)
    expect(points.map((point) => [point.outcome, point.balance, point.at, point.marks.length])).toEqual([['kept', 1, 3, 2]])
  })

  it('weighs nothing hostile: a mark under a non-partner, a malformed or misfiled entry, ids that would run together', async () => {
    const doc = new Y.Doc()
    await markAgreement(doc, NO_SIGNER, { talkId: 't', cardId: 'c', personId: 'maya', mark: 'kept', at: 1 })
    await markAgreement(doc, NO_SIGNER, { talkId: 't', cardId: 'c', personId: 'stranger', mark: 'missed', at: 2 })
    for (const [key, value] of [
      ['t:c:jordan', { talkId: 't', cardId: 'c', personId: 'jordan', mark: 'missed', note: '', at: Number.NaN }],
      ['t:c:jordan', { talkId: 't', cardId: 'c', personId: 'jordan', mark: 'missed', note: 7, at: 3 }],
      ['t:c:jordan2', { talkId: 't', cardId: 'c', personId: 'jordan', mark: 'missed', note: '', at: 3 }],
      ['t:c:jordan3', 'missed'],
      ['t:c:jordan4', null],
    ] as const)
      checkInsMap(doc).set(key, value as never)
    // "t:c" + "x" and "t" + "c:x" must not be one point.
    await markAgreement(doc, NO_SIGNER, { talkId: 't:c', cardId: 'x', personId: 'maya', mark: 'kept', at: 4 })
    await markAgreement(doc, NO_SIGNER, { talkId: 't', cardId: 'c:x', personId: 'jordan', mark: 'missed', at: 5 })
    const points = trustAccount(readCheckIns(doc), verified, partners)
    expect(points.map((point) => [point.talkId, point.cardId, point.outcome])).toEqual([
      ['t', 'c', 'kept'],
      ['t:c', 'x', 'kept'],
      ['t', 'c:x', 'missed'],
    ])
    expect(trustAccount([], verified)).toEqual([])
  })
})
