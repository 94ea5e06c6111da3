import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { joinBoard } from '../../../client/core/people.ts'
import { facilitationMap } from '../../../client/facilitation/facilitation.ts'
import { FLOOR_MS, floorLength, giveFloor, readFloor, readFloorLength, setFloorLength } from '../../../client/facilitation/floor.ts'

describe("the floor's length", () => {
  it('reads whole seconds from half a minute to fifteen minutes, with the time it was set', () => {
    expect(readFloorLength({ ms: 60_000, at: 5 })).toEqual({ ms: 60_000, at: 5 })
    expect(readFloorLength({ ms: 30_000, at: 0 })).toEqual({ ms: 30_000, at: 0 })
    expect(readFloorLength({ ms: 15 * 60_000, at: 0 })).toEqual({ ms: 15 * 60_000, at: 0 })
  })

  it('reads anything else as no length: hostile, odd and old values alike', () => {
    for (const value of [
      undefined,
      null,
      60_000,
      '60000',
      [60_000],
      { ms: '60000', at: 0 },
      { ms: 60_000 },
      { ms: 60_000, at: Number.NaN },
      { ms: 60_000, at: Number.POSITIVE_INFINITY },
      { ms: 0, at: 0 },
      { ms: -60_000, at: 0 },
      { ms: 29_000, at: 0 },
      { ms: 15 * 60_000 + 1000, at: 0 },
      { ms: 1e300, at: 0 },
      { ms: 60_000.5, at: 0 },
      { ms: 60_500, at: 0 },
      { ms: Number.NaN, at: 0 },
      { ms: Number.POSITIVE_INFINITY, at: 0 },
    ]) {
      expect(readFloorLength(value), JSON.stringify(value) ?? String(value)).toBeNull()
    }
  })

  it("is the talk's own: set for one talk, given with each turn of it, the default elsewhere and when the value is junk", () => {
    const doc = new Y.Doc()
    for (const id of ['alex', 'blair']) joinBoard(doc, { id, name: id, role: 'partner', color: '#000000', joinedAt: 0 })
    expect(floorLength(doc, 't1')).toBe(FLOOR_MS)
    expect(setFloorLength(doc, 't1', 20_000, 'alex', 1)).toBe(false)
    expect(setFloorLength(doc, 't1', 60_000, 'alex', 1)).toBe(true)
    expect(floorLength(doc, 't1')).toBe(60_000)
    expect(floorLength(doc, 't2')).toBe(FLOOR_MS)
    giveFloor(doc, 't1', 'blair', 'alex', 1_000)
    expect(readFloor(doc, 't1')).toEqual({ holderId: 'blair', since: 1_000, ms: 60_000 })
    facilitationMap(doc).set('t2:floorLength:blair', { ms: 'forever', at: 2 })
    expect(floorLength(doc, 't2')).toBe(FLOOR_MS)
  })

  it('is never given by a person to themselves', () => {
    const doc = new Y.Doc()
    expect(giveFloor(doc, 't', 'blair', 'blair', 1_000)).toBe(false)
    expect(readFloor(doc, 't')).toBeNull()
  })
})
