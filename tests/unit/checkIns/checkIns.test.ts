import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkInsMap, isDue, markAgreement, readCheckIns } from '../../../client/checkIns/checkIns.ts'
import { trustAccount } from '../../../client/checkIns/trustAccount.ts'

const DAY = 24 * 60 * 60 * 1000

describe('check-ins', () => {
  it('keep one mark per talk, agreement and person; marking again changes it; partners marking at once both count', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    markAgreement(a, { talkId: 't2', cardId: 'c', personId: 'alex', mark: 'missed', at: 1 })
    markAgreement(a, { talkId: 't2', cardId: 'c', personId: 'alex', mark: 'kept', note: '  mostly  ', at: 2 })
    markAgreement(b, { talkId: 't2', cardId: 'c', personId: 'blair', mark: 'kept', at: 3 })
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
  it('grows with every kept agreement and never shrinks for a missed one', () => {
    const points = trustAccount([
      { talkId: 't', cardId: 'c', personId: 'a', mark: 'kept', note: '', at: 1 },
      { talkId: 't', cardId: 'c', personId: 'b', mark: 'missed', note: 'a hard week', at: 2 },
      { talkId: 't', cardId: 'd', personId: 'a', mark: 'kept', note: '', at: 3 },
    ])
    expect(points.map((point) => point.balance)).toEqual([1, 1, 2])
  })
})
