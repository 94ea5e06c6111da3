import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DailyCheckIn } from '../../../client/core/dailyCheckIns.ts'
import { readSettings, setDailyRevealAfterOwn, settingsMap } from '../../../client/core/settings.ts'
import { daysCheckedIn, mayShowDailyCheckIn, splitByReveal } from '../../../client/dailyCheckIn/reveal.ts'

const entry = (personId: string, day: string): DailyCheckIn => ({
  personId,
  day,
  safety: 3,
  trust: 4,
  connection: 5,
  line: 'A long day',
  at: 1,
})
const TODAY = '2027-03-10'

describe('the check-in reveal rule', () => {
  const maya = { personId: 'maya', role: 'partner' as const }
  const lee = { personId: 'lee', role: 'facilitator' as const }
  const jordansToday = entry('jordan', TODAY)

  it('holds a partner’s answers back until the viewer has checked in that day themselves', () => {
    const before = { revealAfterOwn: true, today: TODAY, ownDays: new Set<string>() }
    expect(mayShowDailyCheckIn(jordansToday, maya, before)).toBe(false)
    const after = { ...before, ownDays: daysCheckedIn([entry('maya', TODAY), entry('jordan', '2027-03-09')], 'maya') }
    expect(mayShowDailyCheckIn(jordansToday, maya, after)).toBe(true)
  })

  it('shows everything when the board turns it off, and always to the facilitator and to the person themselves', () => {
    const rule = { revealAfterOwn: true, today: TODAY, ownDays: new Set<string>() }
    expect(mayShowDailyCheckIn(jordansToday, maya, { ...rule, revealAfterOwn: false })).toBe(true)
    expect(mayShowDailyCheckIn(jordansToday, lee, rule)).toBe(true)
    expect(mayShowDailyCheckIn(entry('maya', TODAY), maya, rule)).toBe(true)
    expect(mayShowDailyCheckIn(jordansToday, null, { ...rule, revealAfterOwn: false })).toBe(false)
  })

  it('opens a day once it is over for the viewer, and holds a partner already on the viewer’s tomorrow', () => {
    const rule = { revealAfterOwn: true, today: TODAY, ownDays: new Set([TODAY]) }
    expect(mayShowDailyCheckIn(entry('jordan', '2027-03-09'), maya, rule)).toBe(true)
    expect(mayShowDailyCheckIn(entry('jordan', '2027-03-11'), maya, rule)).toBe(false)
  })

  it('splits a board’s check-ins into what the viewer sees and what waits', () => {
    const entries = [entry('maya', '2027-03-09'), entry('jordan', '2027-03-09'), jordansToday]
    const { shown, held } = splitByReveal(entries, maya, { revealAfterOwn: true, today: TODAY, ownDays: daysCheckedIn(entries, 'maya') })
    expect(shown).toEqual(entries.slice(0, 2))
    expect(held).toEqual([jordansToday])
  })

  it('is on for boards that never chose, and off only when someone turns it off', () => {
    const doc = new Y.Doc()
    expect(readSettings(doc).dailyRevealAfterOwn).toBe(true)
    settingsMap(doc).set('dailyRevealAfterOwn', 'no')
    expect(readSettings(doc).dailyRevealAfterOwn).toBe(true)
    setDailyRevealAfterOwn(doc, false)
    expect(readSettings(doc).dailyRevealAfterOwn).toBe(false)
  })
})
