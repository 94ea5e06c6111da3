import type * as Y from 'yjs'
import type { Talk } from '../../shared/schema.ts'
import type { StoredClaim } from './claims.ts'
import { compareIds, isTime } from './docValues.ts'
import { newId } from './ids.ts'

/** The board's talks map: talkId → Talk. */
export function talksMap(doc: Y.Doc): Y.Map<Talk> {
  return doc.getMap<Talk>('talks')
}

export function isTalk(value: unknown): value is Talk {
  if (typeof value !== 'object' || value === null) return false
  const talk = value as Record<string, unknown>
  return typeof talk.id === 'string' && isTime(talk.startedAt) && (talk.endedAt === undefined || isTime(talk.endedAt))
}

/** Every talk, oldest first; ties broken by id so every screen numbers them alike. */
export function readTalks(doc: Y.Doc): Talk[] {
  const talks: Talk[] = []
  for (const [id, talk] of talksMap(doc)) if (isTalk(talk) && talk.id === id) talks.push(talk)
  return talks.sort((a, b) => a.startedAt - b.startedAt || compareIds(a, b))
}

/** Starts a new talk; from now on cards are placed in it. */
export function startTalk(doc: Y.Doc, startedAt: number): string {
  const id = newId()
  talksMap(doc).set(id, { id, startedAt })
  return id
}

/**
 * Ends a talk. Its cards stay on the board, marked with it; only a person
 * begins the next one (`Start a talk`, or choosing to when adding a card). Ending is a plain value
 * on the talk, so a device that was offline sees the talk ended when it
 * comes back, and an end written twice is the same end.
 */
export function endTalk(
  doc: Y.Doc,
  talkId: string,
  endedAt: number,
  ender: { personId: string; claim: StoredClaim | null } | null = null,
): boolean {
  const talk = talksMap(doc).get(talkId)
  if (!isTalk(talk) || talk.endedAt !== undefined) return false
  const endedBy = ender === null ? {} : { endedBy: ender.personId, ...(ender.claim === null ? {} : { endClaim: ender.claim }) }
  talksMap(doc).set(talkId, { ...talk, endedAt, ...endedBy })
  return true
}

/** What an ender's 'end-talk' claim covers: the talk and when it ended. */
export function talkEndFields(talkId: string, endedAt: number): [string, number] {
  return [talkId, endedAt]
}

/** The talk going on now, of talks oldest first: the latest, unless it was ended. */
export function talkGoingOn(talks: readonly Talk[]): Talk | null {
  const latest = talks.at(-1)
  return latest !== undefined && latest.endedAt === undefined ? latest : null
}

export function openTalk(doc: Y.Doc): Talk | null {
  return talkGoingOn(readTalks(doc))
}

/**
 * The talk going on, or a new one when the last was ended or the board has
 * none yet: for making a board's doc outside the app. The app itself starts
 * a talk only when a person chooses to.
 */
export function currentTalkId(doc: Y.Doc, now: number): string {
  return openTalk(doc)?.id ?? startTalk(doc, now)
}

/** A new board (or one made before talks existed) gets its first talk once someone is on it; an ended talk is left ended. */
export function ensureFirstTalk(doc: Y.Doc, now: number): void {
  if (readTalks(doc).length === 0) startTalk(doc, now)
}
