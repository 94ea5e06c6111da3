import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Person, Role } from '../../../shared/schema.ts'
import { joinBoard } from '../../../client/core/people.ts'
import { facilitationMap, movePhase, phaseRuleOf, readPhase, setOwnPhases, startPhases } from '../../../client/facilitation/facilitation.ts'
import { floorLength, setFloorLength } from '../../../client/facilitation/floor.ts'
import { setPartnersMovePhases } from '../../../client/facilitation/phaseMovers.ts'
import { mayMovePhases, readPhaseMovers, writeCounts } from '../../../client/facilitation/phaseRule.ts'

const person = (id: string, role: Role, joinedAt = 0): Person => ({ id, name: id, role, color: '#000000', joinedAt })

/** Alex and Blair, partners from the start; Dr. Lee joins as facilitator at 1000. */
function theRoom(): Y.Doc {
  const doc = new Y.Doc()
  joinBoard(doc, person('alex', 'partner'))
  joinBoard(doc, person('blair', 'partner'))
  joinBoard(doc, person('lee', 'facilitator', 1_000))
  return doc
}

describe('who may move the phases', () => {
  it('anyone on the board, while no facilitator is on it; nobody who is not on it', () => {
    const rule = { people: [person('alex', 'partner'), person('blair', 'partner')], movers: null }
    expect(mayMovePhases(rule, 'alex')).toBe(true)
    for (const stranger of ['sam', '', null, undefined, '__proto__', 'toString']) expect(mayMovePhases(rule, stranger)).toBe(false)
  })

  it('only a facilitator, once one is on the board, until a facilitator opens it to the partners', () => {
    const doc = theRoom()
    expect(mayMovePhases(phaseRuleOf(doc), 'lee')).toBe(true)
    expect(mayMovePhases(phaseRuleOf(doc), 'alex')).toBe(false)
    expect(setPartnersMovePhases(doc, true, 'lee', 5_000)).toBe(true)
    expect(mayMovePhases(phaseRuleOf(doc), 'alex')).toBe(true)
  })

  it('the opening counts only when a facilitator on the board made it: a partner cannot open it, nor write it in their name', () => {
    const doc = theRoom()
    expect(setPartnersMovePhases(doc, true, 'alex', 5_000)).toBe(false)
    const people = phaseRuleOf(doc).people
    for (const forged of [
      { open: true, by: 'alex', at: 5_000 },
      { open: true, by: 'sam', at: 5_000 },
      { open: 'yes', by: 'lee', at: 5_000 },
      { open: true, by: 'lee', at: Number.NaN },
      { open: true, by: 'lee', at: '5000' },
      { open: true, by: { id: 'lee' }, at: 5_000 },
      null,
      'open',
      [true],
    ]) {
      facilitationMap(doc).set('phaseMovers', forged)
      expect(readPhaseMovers(forged, people), JSON.stringify(forged)).toBeNull()
      expect(mayMovePhases(phaseRuleOf(doc), 'alex')).toBe(false)
    }
  })
})

describe('a phase written against the rule', () => {
  it("is refused where it is written and ignored where it is read: the facilitator's phase stands on every screen", () => {
    const doc = theRoom()
    startPhases(doc, 't', 'guided', 'lee', 2_000)
    movePhase(doc, 't', 1, 'lee', 3_000)
    expect(movePhase(doc, 't', 1, 'alex', 4_000)).toBe(false)
    expect(setOwnPhases(doc, 't', ['Only mine'], 'alex', 4_000)).toBe(false)
    // A device that skips the check (an old or odd one) writes anyway, with every kind of stamp: nothing counts.
    for (const at of [4_000, 9e15, Number.MAX_VALUE, Number.POSITIVE_INFINITY, Number.NaN, -1, '4000', null]) {
      facilitationMap(doc).set('t:phase:alex', { template: 'guided', index: 4, at })
      expect(readPhase(doc, 't'), String(at)).toMatchObject({ index: 1, by: 'lee' })
    }
    // Written in the name of someone not on the board, or of nobody: ignored too.
    facilitationMap(doc).set('t:phase:sam', { template: 'guided', index: 3, at: 5_000 })
    facilitationMap(doc).set('t:phase:', { template: 'guided', index: 3, at: 5_000 })
    expect(readPhase(doc, 't')).toMatchObject({ index: 1, by: 'lee' })
  })

  it('a partner moved before any facilitator joined still counts, so a talk the couple began keeps its phase when the therapist arrives', () => {
    const doc = theRoom()
    facilitationMap(doc).set('t:phase:alex', { template: 'guided', index: 2, at: 900 })
    expect(readPhase(doc, 't')).toMatchObject({ index: 2, by: 'alex' })
    expect(writeCounts(phaseRuleOf(doc), 'alex', 1_000)).toBe(false)
    facilitationMap(doc).set('t:phase:blair', { template: 'guided', index: 4, at: 1_100 })
    expect(readPhase(doc, 't')).toMatchObject({ index: 2, by: 'alex' })
  })

  it('counts once the phases are opened, from that moment on; closing keeps what the partners moved', () => {
    const doc = theRoom()
    startPhases(doc, 't', 'guided', 'lee', 2_000)
    // Written while closed, then opened: the earlier write does not spring into effect.
    facilitationMap(doc).set('t:phase:blair', { template: 'guided', index: 4, at: 3_000 })
    setPartnersMovePhases(doc, true, 'lee', 4_000)
    expect(readPhase(doc, 't')).toMatchObject({ index: 0, by: 'lee' })
    expect(movePhase(doc, 't', 1, 'alex', 5_000)).toBe(true)
    expect(setFloorLength(doc, 't', 60_000, 'alex', 5_000)).toBe(true)
    expect(readPhase(doc, 't')).toMatchObject({ index: 1, by: 'alex' })

    setPartnersMovePhases(doc, false, 'lee', 6_000)
    expect(readPhase(doc, 't')).toMatchObject({ index: 1, by: 'lee' })
    expect(floorLength(doc, 't')).toBe(60_000)
    expect(movePhase(doc, 't', 1, 'alex', 7_000)).toBe(false)
    expect(setFloorLength(doc, 't', 300_000, 'alex', 7_000)).toBe(false)
  })

  it('a board from before phases were kept per person still reads its phase, until someone moves it on', () => {
    const doc = theRoom()
    facilitationMap(doc).set('t:phase', { template: 'weeklyCheckIn', index: 2 })
    expect(readPhase(doc, 't')).toMatchObject({ index: 2, by: null })
    movePhase(doc, 't', 1, 'lee', 2_000)
    expect(readPhase(doc, 't')).toMatchObject({ index: 3, by: 'lee' })
  })
})
