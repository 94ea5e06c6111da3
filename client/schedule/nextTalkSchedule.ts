/**
 * Writing the next talk (core/nextTalk.ts reads it): setting it replaces
 * whatever was set, clearing it removes it. Either is anyone's on the board
 * to do, and to do again — that is its undo — so each leaves who did it:
 * the schedule names its setter, and a cleared one leaves a note beside it,
 *
 *   `nextTalkCleared` → { byId, at }
 *
 * so the others read "Jordan cleared the next talk" rather than see it vanish.
 * Each carries its doer's signed claim ('next-talk', 'next-talk-cleared'), so
 * the board names who did it only when it verifies as theirs.
 */
import type * as Y from 'yjs'
import { storedClaimOrNull } from '../core/cardView.ts'
import type { ClaimField, StoredClaim } from '../core/claims.ts'
import { isTime } from '../core/docValues.ts'
import { NEXT_TALK_KEY, scheduleMap, type TalkSchedule } from '../core/nextTalk.ts'

export const CLEARED_KEY = 'nextTalkCleared'

export type ClearedNextTalk = { byId: string; at: number; claim?: StoredClaim }

/** What the clearer's 'next-talk-cleared' claim signs. */
export function clearedFields(cleared: Omit<ClearedNextTalk, 'claim'>): ClaimField[] {
  return [cleared.byId, cleared.at]
}

export function setNextTalk(doc: Y.Doc, schedule: TalkSchedule): void {
  const map = scheduleMap(doc)
  doc.transact(() => {
    map.set(NEXT_TALK_KEY, { ...schedule })
    map.delete(CLEARED_KEY)
  })
}

export function clearNextTalk(doc: Y.Doc, cleared: ClearedNextTalk): void {
  const map = scheduleMap(doc)
  doc.transact(() => {
    map.delete(NEXT_TALK_KEY)
    map.set(CLEARED_KEY, { ...cleared })
  })
}

/** Who cleared the next talk, and when; null when it was not (or the note is malformed). */
export function readClearedNextTalk(doc: Y.Doc): ClearedNextTalk | null {
  const value = scheduleMap(doc).get(CLEARED_KEY)
  if (typeof value !== 'object' || value === null) return null
  const { byId, at, claim } = value as Record<string, unknown>
  if (typeof byId !== 'string' || byId.length > 64 || !isTime(at)) return null
  const stored = storedClaimOrNull(claim)
  return stored === null ? { byId, at } : { byId, at, claim: stored }
}
