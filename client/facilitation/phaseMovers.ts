/**
 * Opening the phases to the partners, and closing them again: a
 * facilitator's choice for the whole board, shown on every screen with the
 * facilitator's name.
 */
import type * as Y from 'yjs'
import { facilitationMap, keepPhaseAs, phaseRuleOf, readPhase, talksWithPhases } from './facilitation.ts'
import { latestFloorLength, setFloorLength } from './floor.ts'
import { PHASE_MOVERS_KEY } from './phaseRule.ts'

/**
 * Lets the partners move phases (open) or keeps that to facilitators
 * (closed); false unless `by` is a facilitator on the board. Closing keeps
 * what the partners moved: each talk's phase and turn length are written
 * again under the facilitator's key first, in the same transaction, so no
 * screen sees the phase jump back.
 */
export function setPartnersMovePhases(doc: Y.Doc, open: boolean, by: string, now: number): boolean {
  const rule = phaseRuleOf(doc)
  if (rule.people.find((person) => person.id === by)?.role !== 'facilitator') return false
  doc.transact(() => {
    if (!open) {
      for (const talkId of talksWithPhases(doc)) {
        if (readPhase(doc, talkId, rule)?.by !== by) keepPhaseAs(doc, talkId, by, now)
        const length = latestFloorLength(doc, talkId)
        if (length !== null && length.by !== by) setFloorLength(doc, talkId, length.ms, by, now)
      }
    }
    facilitationMap(doc).set(PHASE_MOVERS_KEY, { open, by, at: now })
  })
  return true
}
