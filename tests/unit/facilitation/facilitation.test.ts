import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { PauseRecord, Role } from '../../../shared/schema.ts'
import { joinBoard } from '../../../client/core/people.ts'
import { facilitationMap, movePhase, readPhase, setOwnPhases, startPhases } from '../../../client/facilitation/facilitation.ts'
import { giveFloor, readFloor } from '../../../client/facilitation/floor.ts'
import { floorRemaining, talkElapsed } from '../../../client/facilitation/talkTimers.ts'

const MINUTE = 60_000

/** A board with these people on it, each joined at time 0. */
function boardWith(...people: [string, Role][]): Y.Doc {
  const doc = new Y.Doc()
  for (const [id, role] of people) joinBoard(doc, { id, name: id, role, color: '#000000', joinedAt: 0 })
  return doc
}

describe('phases', () => {
  it('move on and back, and stay put at either end', () => {
    const doc = boardWith(['alex', 'partner'])
    startPhases(doc, 't', 'weeklyCheckIn', 'alex', 1)
    expect(readPhase(doc, 't')).toMatchObject({ index: 0, count: 4, phase: { title: 'Appreciations', lane: 'appreciations' }, by: 'alex' })
    expect(movePhase(doc, 't', -1, 'alex', 2)).toBe(false)
    expect(readPhase(doc, 't')?.index).toBe(0)
    for (let i = 0; i < 5; i++) movePhase(doc, 't', 1, 'alex', 3 + i)
    expect(readPhase(doc, 't')).toMatchObject({ index: 3, phase: { title: 'Agreements' } })
  })

  it("of a talk's own: cleaned, each bringing the lane its words name, editable while the talk goes on", () => {
    const doc = boardWith(['alex', 'partner'])
    expect(setOwnPhases(doc, 't', ['  ', ''], 'alex', 1)).toBe(false)
    expect(readPhase(doc, 't')).toBeNull()
    setOwnPhases(doc, 't', ['Arriving', '  What we need  ', '', 'One thing to try'], 'alex', 1)
    expect(readPhase(doc, 't')?.phases.map(({ title, lane }) => [title, lane])).toEqual([
      ['Arriving', 'feelings'],
      ['What we need', 'needs'],
      ['One thing to try', 'agreements'],
    ])
    movePhase(doc, 't', 1, 'alex', 2)
    movePhase(doc, 't', 1, 'alex', 3)
    // Shortened while on its third phase: it stays on the last one there is.
    setOwnPhases(doc, 't', ['Arriving', 'Thanks'], 'alex', 4)
    expect(readPhase(doc, 't')).toMatchObject({ index: 1, count: 2, phase: { title: 'Thanks', lane: 'appreciations' } })
  })

  it('two facilitators pressing Next phase at once end on one phase on both screens', () => {
    const a = boardWith(['lee', 'facilitator'], ['rivera', 'facilitator'])
    const b = new Y.Doc()
    startPhases(a, 't', 'guided', 'lee', 1)
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    movePhase(a, 't', 1, 'lee', 2)
    movePhase(b, 't', 1, 'rivera', 2)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readPhase(a, 't')).toEqual(readPhase(b, 't'))
    expect(readPhase(a, 't')?.index).toBe(1)
  })

  it('a malformed entry (or one from a board before phases were kept per person) reads as no phase or no floor, never an error', () => {
    const doc = boardWith(['alex', 'partner'], ['blair', 'partner'])
    for (const junk of [42, 'x', { template: 'nope', index: 0 }, { template: 'toString', index: 0 }, { template: 'guided', index: 1.5 }]) {
      facilitationMap(doc).set('t:phase', junk)
      expect(readPhase(doc, 't')).toBeNull()
    }
    facilitationMap(doc).set('t:phase', { template: 'guided', index: 99 })
    expect(readPhase(doc, 't')?.index).toBe(4)
    for (const junk of [null, { holderId: 'a', since: 'soon', ms: 1 }, { holderId: 'a', since: 1, ms: -5 }]) {
      facilitationMap(doc).set('t:floor', junk)
      expect(readFloor(doc, 't')).toBeNull()
    }
    giveFloor(doc, 't', 'alex', 'blair', 1_000)
    expect(readFloor(doc, 't')).toEqual({ holderId: 'alex', since: 1_000, ms: 2 * MINUTE })
  })
})

describe('the talk timers', () => {
  const pause = (id: string, startedAt: number, minutes: number, resumedAt?: number): PauseRecord => ({
    id,
    talkId: 't',
    startedAt,
    minutes,
    ...(resumedAt === undefined ? {} : { resumedAt }),
  })

  it('leave out the time paused: until the talk resumed, or until now for the pause on now', () => {
    const pauses = [pause('p1', 10 * MINUTE, 20, 35 * MINUTE)]
    // 60 minutes since the start, 25 of them paused (the pause lasted past its 20 minutes until everyone was ready).
    expect(talkElapsed(0, undefined, pauses, 60 * MINUTE, null)).toBe(35 * MINUTE)
    const onNow = [...pauses, pause('p2', 50 * MINUTE, 20)]
    expect(talkElapsed(0, undefined, onNow, 60 * MINUTE, 'p2')).toBe(25 * MINUTE)
    expect(talkElapsed(0, undefined, onNow, 70 * MINUTE, 'p2')).toBe(25 * MINUTE)
  })

  it('stop at the end of an ended talk', () => {
    expect(talkElapsed(0, 30 * MINUTE, [], 90 * MINUTE, null)).toBe(30 * MINUTE)
  })

  it("count the floor's turn down, standing still while paused, and never below zero", () => {
    const floor = { since: 0, ms: 2 * MINUTE }
    expect(floorRemaining(floor, [], 30_000, null)).toBe(90_000)
    const paused = [pause('p', 30_000, 20)]
    expect(floorRemaining(floor, paused, 10 * MINUTE, 'p')).toBe(90_000)
    expect(floorRemaining(floor, [pause('p', 30_000, 1, 2 * MINUTE)], 2 * MINUTE + 30_000, null)).toBe(60_000)
    expect(floorRemaining(floor, [], 10 * MINUTE, null)).toBe(0)
  })
})
