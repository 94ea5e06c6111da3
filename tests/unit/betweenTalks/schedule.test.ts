import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { CheckIn, Person, Recurrence } from '../../../shared/schema.ts'
import { dueAtNextTalk } from '../../../client/app/dueAtNextTalk.ts'
import { weekSeenHere } from '../../../client/app/weekSeenHere.ts'
import type { CardView } from '../../../client/core/cardView.ts'
import type { Verdict } from '../../../client/core/claimCheck.ts'
import type { DailyCheckIn } from '../../../client/core/dailyCheckIns.ts'
import { NEXT_TALK_KEY, readNextTalkSchedule, scheduleMap, zonedTimeToInstant, type TalkSchedule } from '../../../client/core/nextTalk.ts'
import { CLEARED_KEY, clearNextTalk, readClearedNextTalk, setNextTalk } from '../../../client/schedule/nextTalkSchedule.ts'
import { sayCleared, sayNextTalk } from '../../../client/schedule/nextTalkSaid.ts'
import { describeDaysSince, describeNextTalk } from '../../../client/ui/nextTalkWords.ts'
import { readWeekSeen } from '../../../client/yourBoards/weekSeen.ts'

const HERE = Intl.DateTimeFormat().resolvedOptions().timeZone
const schedule: TalkSchedule = { date: '2026-12-13', time: '19:00', timeZone: HERE, weekly: true, byId: 'sam', at: 1 }
const names: Record<string, string> = { sam: 'Sam', robin: 'Robin' }
const nameOf = (id: string) => names[id] ?? 'someone'
const SAM_VERIFIED = { state: 'verified', personId: 'sam', deviceId: 'd' } as const

describe('setting and clearing the next talk', () => {
  it('replaces what was set, and a clear leaves who cleared it until it is set again', () => {
    const doc = new Y.Doc()
    setNextTalk(doc, schedule)
    expect(readNextTalkSchedule(doc)).toEqual(schedule)
    setNextTalk(doc, { ...schedule, time: '18:30', byId: 'robin', at: 2 })
    expect(readNextTalkSchedule(doc)).toMatchObject({ time: '18:30', byId: 'robin' })

    clearNextTalk(doc, { byId: 'robin', at: 3 })
    expect(readNextTalkSchedule(doc)).toBeNull()
    expect(readClearedNextTalk(doc)).toEqual({ byId: 'robin', at: 3 })
    expect(sayCleared(readClearedNextTalk(doc)!, nameOf, { state: 'verified', personId: 'robin', deviceId: 'd' })).toBe(
      'Robin cleared the next talk.',
    )
    expect(sayCleared(readClearedNextTalk(doc)!, nameOf, { state: 'unsigned' })).toBe(
      'The next talk was cleared. It was cleared before signing, so who cleared it is not shown.',
    )

    setNextTalk(doc, schedule)
    expect(readClearedNextTalk(doc)).toBeNull()
  })

  it('reads a hostile value as nothing set', () => {
    const doc = new Y.Doc()
    scheduleMap(doc).set(NEXT_TALK_KEY, { ...schedule, timeZone: 'Europe/Berlin\r\nX-EVIL:1' })
    expect(readNextTalkSchedule(doc)).toBeNull()
    scheduleMap(doc).set(NEXT_TALK_KEY, { ...schedule, time: '19:00\r\nRRULE:FREQ=SECONDLY' })
    expect(readNextTalkSchedule(doc)).toBeNull()
    scheduleMap(doc).set(CLEARED_KEY, { byId: 42, at: 1 })
    expect(readClearedNextTalk(doc)).toBeNull()
  })
})

describe('what the board says of it', () => {
  const start = zonedTimeToInstant('2026-12-13', '19:00', HERE)
  const hour = 60 * 60 * 1000

  it('says today, tomorrow, a weekday, or a date further on, and whose it is', () => {
    expect(describeNextTalk(start, start - 2 * hour)).toMatch(/^today /i)
    expect(describeNextTalk(start, start - 24 * hour)).toMatch(/^tomorrow /i)
    const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' }).format(start)
    expect(describeNextTalk(start, start - 3 * 24 * hour).startsWith(weekday)).toBe(true)
    expect(describeNextTalk(start, start - 10 * 24 * hour)).not.toBe(describeNextTalk(start, start - 3 * 24 * hour))

    const said = sayNextTalk(schedule, start - 3 * 24 * hour, nameOf, SAM_VERIFIED)!
    expect(said.at).toBe(start)
    expect(said.line).toMatch(/^Next talk: .+, every week$/)
    expect(said.by).toBe('Sam set it.')
    expect(said.asSet).toBe('')
    expect(sayNextTalk(schedule, start, (id) => (id === 'sam' ? 'you' : 'x'), SAM_VERIFIED)!.by).toBe('You set it.')
    // A schedule under Sam's name that is not Sam's never names Sam.
    expect(sayNextTalk(schedule, start, nameOf, { state: 'not-verified' })!.by).toBe(
      'Who set it could not be verified. Check together to see why.',
    )
    expect(sayNextTalk(schedule, start, nameOf, { state: 'checking' })!.by).toBe('')
  })

  it('gives the time as set when the setter’s zone keeps another clock', () => {
    const elsewhere = HERE === 'Pacific/Auckland' ? 'Europe/Berlin' : 'Pacific/Auckland'
    const said = sayNextTalk({ ...schedule, timeZone: elsewhere }, Date.UTC(2026, 11, 1), nameOf, SAM_VERIFIED)!
    expect(said.asSet).toBe(`19:00 in ${elsewhere}, where it was set.`)
  })

  it('says nothing of a one-off talk that is past, and rolls a weekly one on', () => {
    expect(sayNextTalk({ ...schedule, weekly: false }, start + 2 * hour, nameOf, SAM_VERIFIED)).toBeNull()
    expect(sayNextTalk(schedule, start + 2 * hour, nameOf, SAM_VERIFIED)!.at).toBe(zonedTimeToInstant('2026-12-20', '19:00', HERE))
  })

  it('counts days since a check-in on the calendar', () => {
    const now = new Date(2026, 11, 10, 9).getTime()
    expect(describeDaysSince('2026-12-10', now)).toMatch(/today/i)
    expect(describeDaysSince('2026-12-09', now)).toMatch(/yesterday/i)
    expect(describeDaysSince('2026-12-07', now)).toMatch(/3 days ago/)
  })
})

describe('the week, as this device last saw a board', () => {
  const person = (id: string, role: Person['role']): Person => ({ id, name: names[id] ?? id, role, color: '#000', joinedAt: 0 })
  const people = new Map([
    ['sam', person('sam', 'partner')],
    ['robin', person('robin', 'partner')],
    ['lee', person('lee', 'facilitator')],
  ])
  const board = { onBoard: people, people, cardsIn: () => [] }
  const checkIn = (personId: string, day: string, signature: string): DailyCheckIn => ({
    personId,
    day,
    safety: 5,
    trust: 5,
    connection: 5,
    line: '',
    at: 1,
    claim: { deviceId: 'd', signature },
  })
  // Only a claim this test calls good verifies as its person's.
  const trust = {
    verdict: (_kind: unknown, _fields: unknown, stored: unknown, personId: string | null): Verdict =>
      (stored as { signature?: string } | undefined)?.signature === 'good' && personId !== null
        ? { state: 'verified', personId, deviceId: 'd' }
        : { state: 'not-verified' },
  }

  it('holds each partner’s last verified daily check-in, the next talk, the role, and nothing due without agreements', () => {
    const seen = weekSeenHere({
      board,
      trust,
      myId: 'lee',
      schedule,
      dailyCheckIns: [checkIn('sam', '2026-12-06', 'good'), checkIn('sam', '2026-12-07', 'forged'), checkIn('lee', '2026-12-07', 'good')],
      marks: [],
      now: Date.UTC(2026, 11, 8),
    })
    expect(seen).toEqual({
      nextTalk: schedule,
      role: 'facilitator',
      partnerCheckIns: [
        { name: 'Sam', day: '2026-12-06' },
        { name: 'Robin', day: null },
      ],
      dueCount: 0,
    })
  })

  it('reads an entry written before the week as not known, and malformed fields as absent', () => {
    expect(readWeekSeen({ boardId: 'b', link: 'l', boardName: '', label: '', lastTalkAt: null })).toEqual({
      nextTalk: undefined,
      role: undefined,
      partnerCheckIns: undefined,
      dueCount: undefined,
      seenAt: undefined,
    })
    const good = { nextTalk: schedule, role: 'facilitator', partnerCheckIns: [{ name: 'Sam', day: null }], dueCount: 2, seenAt: 5 }
    expect(readWeekSeen(good)).toEqual(good)
    expect(readWeekSeen({ nextTalk: null })).toMatchObject({ nextTalk: null })
    const bad = readWeekSeen({
      nextTalk: { ...schedule, time: '25:00' },
      role: 'owner',
      partnerCheckIns: [{ name: 3 }],
      dueCount: -1,
      seenAt: 'x',
    })
    expect(Object.values(bad).every((value) => value === undefined)).toBe(true)
  })
})

describe('the agreements due at the next talk', () => {
  const person = (id: string): Person => ({ id, name: id, role: 'partner', color: '#000', joinedAt: 0 })
  const people = new Map([
    ['sam', person('sam')],
    ['robin', person('robin')],
  ])
  const verified = {
    verdict: (_k: unknown, _f: unknown, _s: unknown, personId: string | null): Verdict => ({
      state: 'verified',
      personId: personId!,
      deviceId: 'd',
    }),
  }
  const agreement = (text: string, recurrence: Recurrence | null, acceptedBy = ['sam', 'robin']): CardView => ({
    id: text,
    lane: 'agreements',
    text,
    authorId: 'sam',
    createdAt: Date.UTC(2026, 11, 1),
    talkId: null,
    editedAt: null,
    intensity: null,
    words: [],
    reflections: [],
    claims: [],
    themes: [],
    agreement: {
      revisionId: 'r',
      currentById: 'sam',
      revisedById: null,
      acceptedBy,
      acceptances: new Map(),
      withdrawn: null,
      history: [],
      recurrence,
    },
  })
  const cards = [
    agreement('daily', { every: 'day' }),
    agreement('monthly', { every: 'month' }),
    agreement('once', null),
    agreement('only proposed', { every: 'day' }, ['sam']),
  ]
  const board = { onBoard: people, cardsIn: () => cards }

  it('lists the agreed recurring ones whose period has come round by the talk, by the check-ins rule', () => {
    const talk = Date.UTC(2026, 11, 5)
    expect(dueAtNextTalk(board, [], verified, talk)).toEqual(['daily'])
    expect(dueAtNextTalk(board, [], verified, Date.UTC(2027, 0, 5))).toEqual(['daily', 'monthly'])
    // Checked in on the day before the talk: not due yet.
    const mark: CheckIn = { talkId: 't', cardId: 'daily', personId: 'sam', mark: 'kept', note: '', at: talk - 12 * 60 * 60 * 1000 }
    expect(dueAtNextTalk(board, [mark], verified, talk)).toEqual([])
  })

  it('lists none whose yeses do not verify', () => {
    const unsigned = { verdict: (): Verdict => ({ state: 'unsigned' }) }
    expect(dueAtNextTalk(board, [], unsigned, Date.UTC(2027, 0, 5))).toEqual([])
  })
})
