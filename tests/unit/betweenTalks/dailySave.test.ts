import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { dailyCheckInsMap, readDailyCheckIns } from '../../../client/core/dailyCheckIns.ts'
import { countedDailyCheckIns, saveDailyCheckIn, uncountedDailyCheckIns } from '../../../client/dailyCheckIn/dailyCheckIn.ts'
import type { Verdict } from '../../../client/core/claimCheck.ts'

describe('saving a daily check-in', () => {
  it('writes one entry per person and day, a change rewriting it, answers kept on the scale and the line on one line', async () => {
    const doc = new Y.Doc()
    const signing = { boardId: 'b', signer: null }
    await saveDailyCheckIn(doc, signing, {
      personId: 'maya',
      day: '2027-03-10',
      at: 1,
      safety: 4,
      trust: 5,
      connection: 6,
      line: 'Tired,\n  but here',
    })
    await saveDailyCheckIn(doc, signing, { personId: 'maya', day: '2027-03-10', at: 2, safety: 12, trust: -1, connection: 6.4, line: '' })
    const read = readDailyCheckIns(doc)
    expect(read).toEqual([{ personId: 'maya', day: '2027-03-10', safety: 10, trust: 0, connection: 6, line: '', at: 2 }])
    await saveDailyCheckIn(doc, signing, {
      personId: 'maya',
      day: '2027-03-11',
      at: 3,
      safety: 4,
      trust: 5,
      connection: 6,
      line: 'Tired,\n  but here',
    })
    expect(readDailyCheckIns(doc).at(-1)!.line).toBe('Tired, but here')
    expect([...dailyCheckInsMap(doc).keys()].sort()).toEqual(['maya:2027-03-10', 'maya:2027-03-11'])
  })

  it('draws only partners’ verified check-ins as theirs and lists the rest apart, still-checking ones in neither', () => {
    const base = { day: '2027-03-10', safety: 4, trust: 5, connection: 6, line: '', at: 1 }
    const entries = [
      { ...base, personId: 'maya' },
      { ...base, personId: 'jordan' },
      { ...base, personId: 'sam' },
      { ...base, personId: 'lee' },
    ]
    const verdicts: Record<string, Verdict> = {
      maya: { state: 'verified', personId: 'maya', deviceId: 'd1' },
      jordan: { state: 'not-verified' } as Verdict,
      sam: { state: 'checking' },
      lee: { state: 'verified', personId: 'lee', deviceId: 'd2' },
    }
    const verdict = (entry: { personId: string }) => verdicts[entry.personId]!
    const isPartner = (personId: string) => personId !== 'lee'
    expect(countedDailyCheckIns(entries, verdict, isPartner).map((entry) => entry.personId)).toEqual(['maya'])
    expect(uncountedDailyCheckIns(entries, verdict, isPartner).map((entry) => [entry.personId, entry.state])).toEqual([
      ['jordan', 'not-verified'],
    ])
  })
})
