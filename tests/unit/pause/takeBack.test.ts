import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PauseField, type Person, type Role } from '../../../shared/schema.ts'
import {
  pauseMap,
  readPause,
  readPauseRecords,
  readTakenBack,
  startPause,
  takeBackPause,
  TAKE_BACK_MS,
  type VerdictOf,
} from '../../../client/pause/pause.ts'

const person = (id: string, role: Role = 'partner'): Person => ({ id, name: id, color: '#2f6f8f', role, joinedAt: 0 })
const people = new Map([person('alex'), person('blair')].map((p) => [p.id, p]))
const T0 = 1_750_000_000_000
/** Taking back names nobody and needs no verdict; readies here are taken as their partners'. */
const TRUSTED: VerdictOf = (_kind, _fields, _claim, personId) => ({ state: 'verified', personId: personId ?? '', deviceId: 'd' })

function pausedAs(id: string): Y.Doc {
  const doc = new Y.Doc()
  expect(startPause(doc, people, { id, minutes: 20, now: T0, talkId: 'talk', pausedBy: null }, TRUSTED)).toBe(true)
  return doc
}

describe('taking back a pause', () => {
  it('ends the pause for everyone inside its first minute, naming nobody', () => {
    const doc = pausedAs('p1')
    expect(takeBackPause(doc, people, 'p1', T0 + TAKE_BACK_MS - 1, TRUSTED)).toBe(true)
    expect(readPause(doc, people, T0 + TAKE_BACK_MS, TRUSTED)).toBeNull()
    expect(readTakenBack(doc, T0 + TAKE_BACK_MS)).toEqual({ pauseId: 'p1', at: T0 + TAKE_BACK_MS - 1 })
    const fields = pauseMap(doc).get('current') as Y.Map<unknown>
    expect(fields.get(PauseField.pausedBy)).toBeUndefined()
    // Devices that know nothing of taking back see the talk resumed.
    expect(fields.get(PauseField.resumedAt)).toBe(T0 + TAKE_BACK_MS - 1)
    expect(readPauseRecords(doc)).toEqual([expect.objectContaining({ id: 'p1', takenBack: true })])
  })

  it('is refused once the first minute is over: the all-ready rule stands', () => {
    const doc = pausedAs('p1')
    expect(takeBackPause(doc, people, 'p1', T0 + TAKE_BACK_MS, TRUSTED)).toBe(false)
    expect(readPause(doc, people, T0 + TAKE_BACK_MS, TRUSTED)).toMatchObject({ id: 'p1', phase: 'counting' })
    expect(readTakenBack(doc, T0 + TAKE_BACK_MS)).toBeNull()
  })

  it('only takes back the pause it names: a later pause is not ended by an old one', () => {
    const doc = pausedAs('p1')
    expect(takeBackPause(doc, people, 'p0', T0 + 1000, TRUSTED)).toBe(false)
    expect(readPause(doc, people, T0 + 1000, TRUSTED)).not.toBeNull()
  })

  it('does not count a take-back written after the first minute by a faulty device', () => {
    const doc = pausedAs('p1')
    const fields = pauseMap(doc).get('current') as Y.Map<unknown>
    fields.set(PauseField.takenBackAt, T0 + 5 * TAKE_BACK_MS)
    expect(readTakenBack(doc, T0 + 5 * TAKE_BACK_MS)).toBeNull()
    expect(readPause(doc, people, T0 + 5 * TAKE_BACK_MS, TRUSTED)).not.toBeNull()
  })

  it('stops being told to the others after a while', () => {
    const doc = pausedAs('p1')
    takeBackPause(doc, people, 'p1', T0 + 1000, TRUSTED)
    expect(readTakenBack(doc, T0 + 60 * TAKE_BACK_MS)).toBeNull()
  })
})
