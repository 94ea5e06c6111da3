import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_PAUSE_MS, PauseField, type Person, type Role } from '../../../shared/schema.ts'
import { isValidPauseLength } from '../../../client/core/settings.ts'
import { extendPause, pauseMap, readPause, readPauseRecords, sayReady, startPause, type VerdictOf } from '../../../client/pause/pause.ts'

const MINUTE = 60_000
const person = (id: string, role: Role = 'partner'): Person => ({ id, name: id, color: '#2f6f8f', role, joinedAt: 0 })
const people = new Map([person('alex'), person('blair'), person('sam', 'facilitator')].map((p) => [p.id, p]))
const T0 = 1_750_000_000_000
/** The pause's rules over verdicts: here every ready is its partner's own (signatures: pauseReady.test.ts). */
const TRUSTED: VerdictOf = (_kind, _fields, _claim, personId) => ({ state: 'verified', personId: personId ?? '', deviceId: 'd' })
const ready = (doc: Y.Doc, who: ReadonlyMap<string, Person>, personId: string, at: number) =>
  sayReady(doc, { people: who, personId, now: () => at, boardId: 'b', signer: null, verdictOf: TRUSTED })

function paused(minutes = 20, now = T0): Y.Doc {
  const doc = new Y.Doc()
  expect(startPause(doc, people, { minutes, now, talkId: 'talk', pausedBy: null }, TRUSTED)).toBe(true)
  return doc
}

describe('a pause', () => {
  it('counts down in server time, then waits for every partner', async () => {
    const doc = paused(20)
    expect(readPause(doc, people, T0 + MINUTE, TRUSTED)).toMatchObject({ phase: 'counting', endsAt: T0 + 20 * MINUTE, pausedBy: null })
    expect(readPause(doc, people, T0 + 20 * MINUTE, TRUSTED)).toMatchObject({ phase: 'awaitingReady', waitingIds: ['alex', 'blair'] })
  })

  it('resumes only when all partners are ready; a facilitator does not count', async () => {
    const doc = paused(5)
    const after = T0 + 6 * MINUTE
    await ready(doc, people, 'sam', after)
    await ready(doc, people, 'alex', after)
    expect(readPause(doc, people, after, TRUSTED)).toMatchObject({ readyIds: ['alex'], waitingIds: ['blair'] })
    await ready(doc, people, 'blair', after + 1000)
    expect(readPause(doc, people, after + 1000, TRUSTED)).toBeNull()
    expect(pauseMap(doc).get('current')).toBeInstanceOf(Y.Map)
    expect((pauseMap(doc).get('current') as Y.Map<unknown>).get(PauseField.resumedAt)).toBe(after + 1000)
    // A partner who joins later does not reopen it.
    const more = new Map([...people, ['casey', person('casey')]])
    expect(readPause(doc, more, after + 2000, TRUSTED)).toBeNull()
  })

  it('cannot be ended early: ready before the countdown ends is not taken', async () => {
    const doc = paused(20)
    await ready(doc, people, 'alex', T0 + MINUTE)
    await ready(doc, people, 'blair', T0 + MINUTE)
    expect(readPause(doc, people, T0 + 20 * MINUTE, TRUSTED)).toMatchObject({ phase: 'awaitingReady', readyIds: [] })
  })

  it('is extended for everyone, and an extension asks those already ready again', async () => {
    const doc = paused(5)
    await ready(doc, people, 'alex', T0 + 5 * MINUTE)
    extendPause(doc, T0 + 5 * MINUTE)
    expect(readPause(doc, people, T0 + 5 * MINUTE, TRUSTED)).toMatchObject({ phase: 'counting', endsAt: T0 + 15 * MINUTE, readyIds: [] })
  })

  it('counts two extensions made at once on two devices', () => {
    const a = paused(20)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    extendPause(a, T0 + MINUTE)
    extendPause(b, T0 + MINUTE)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(readPause(a, people, T0 + MINUTE, TRUSTED)?.endsAt).toBe(T0 + 40 * MINUTE)
  })

  it('is capped at 24 hours, extensions included', async () => {
    const doc = paused(24 * 60 - 5)
    extendPause(doc, T0)
    extendPause(doc, T0)
    expect(readPause(doc, people, T0, TRUSTED)?.endsAt).toBe(T0 + MAX_PAUSE_MS)
  })

  it('refuses a length of zero, below zero, over 24 hours or not a number', () => {
    for (const minutes of [0, -5, 24 * 60 + 1, Number.NaN, Infinity]) {
      expect(isValidPauseLength(minutes)).toBe(false)
      const doc = new Y.Doc()
      expect(startPause(doc, people, { minutes, now: T0, talkId: 't', pausedBy: null }, TRUSTED)).toBe(false)
      expect(readPause(doc, people, T0, TRUSTED)).toBeNull()
    }
    expect(isValidPauseLength(24 * 60)).toBe(true)
  })

  it('does not start twice: pressing Pause during a pause changes nothing', async () => {
    const doc = paused(20)
    const first = readPause(doc, people, T0, TRUSTED)!.id
    startPause(doc, people, { minutes: 60, now: T0 + MINUTE, talkId: 'talk', pausedBy: null }, TRUSTED)
    expect(readPause(doc, people, T0 + MINUTE, TRUSTED)).toMatchObject({ id: first, endsAt: T0 + 20 * MINUTE })
  })

  it('merges two pauses raised at once into one, the same on both devices', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    startPause(a, people, { minutes: 20, now: T0, talkId: 't', pausedBy: null }, TRUSTED)
    startPause(b, people, { minutes: 10, now: T0 + 5, talkId: 't', pausedBy: null }, TRUSTED)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const seenByA = readPause(a, people, T0 + 10, TRUSTED)
    expect(seenByA).not.toBeNull()
    expect(readPause(b, people, T0 + 10, TRUSTED)).toEqual(seenByA)
  })
})

describe('a malformed pause from a faulty device', () => {
  function withCurrent(fields: Record<string, unknown>): Y.Doc {
    const doc = new Y.Doc()
    const current = new Y.Map<unknown>()
    pauseMap(doc).set('current', current)
    for (const [key, value] of Object.entries(fields)) current.set(key, value)
    return doc
  }

  it.each([
    ['no id', { startedAt: T0, durationMs: MINUTE }],
    ['a negative length', { id: 'p', startedAt: T0, durationMs: -MINUTE }],
    ['a zero length', { id: 'p', startedAt: T0, durationMs: 0 }],
    ['over 24 hours', { id: 'p', startedAt: T0, durationMs: MAX_PAUSE_MS + 1 }],
    ['a start as text', { id: 'p', startedAt: 'now', durationMs: MINUTE }],
    ['a start far in the future', { id: 'p', startedAt: T0 + 365 * 24 * 60 * MINUTE, durationMs: MINUTE }],
  ])('with %s is ignored', (_, fields) => {
    expect(readPause(withCurrent(fields), people, T0, TRUSTED)).toBeNull()
  })

  it('is never stopped forever: unanswered, it lapses a day after its return time', () => {
    const doc = withCurrent({ id: 'p', startedAt: T0, durationMs: MAX_PAUSE_MS })
    expect(readPause(doc, people, T0 + MAX_PAUSE_MS + MINUTE, TRUSTED)?.phase).toBe('awaitingReady')
    expect(readPause(doc, people, T0 + 2 * MAX_PAUSE_MS + MINUTE, TRUSTED)).toBeNull()
  })

  it('ignores odd extensions and ready marks', () => {
    const extensions = new Y.Map<unknown>()
    const ready = new Y.Map<unknown>()
    const doc = withCurrent({ id: 'p', startedAt: T0, durationMs: MINUTE, extensions, ready })
    extensions.set('x', -10 * MINUTE)
    extensions.set('y', 'lots')
    ready.set('alex', 'yes')
    expect(readPause(doc, people, T0 + 2 * MINUTE, TRUSTED)).toMatchObject({ endsAt: T0 + MINUTE, readyIds: [] })
  })
})

describe('the timeline of pauses', () => {
  it('keeps every pause with its length and no name, even when it records who paused', async () => {
    const doc = new Y.Doc()
    startPause(doc, people, { minutes: 20, now: T0, talkId: 't1', pausedBy: 'alex' }, TRUSTED)
    expect(readPause(doc, people, T0, TRUSTED)?.pausedBy).toBe('alex')
    extendPause(doc, T0)
    await ready(doc, people, 'alex', T0 + 31 * MINUTE)
    await ready(doc, people, 'blair', T0 + 31 * MINUTE)
    startPause(doc, people, { minutes: 5, now: T0 + 60 * MINUTE, talkId: 't2', pausedBy: null }, TRUSTED)
    expect(readPauseRecords(doc)).toEqual([
      // With when the talk resumed, so the talk's clocks can leave the pause out; still no name.
      { id: expect.any(String), talkId: 't1', startedAt: T0, minutes: 30, resumedAt: T0 + 31 * MINUTE },
      { id: expect.any(String), talkId: 't2', startedAt: T0 + 60 * MINUTE, minutes: 5 },
    ])
  })
})
