import type * as Y from 'yjs'
import type { Talk } from '../../shared/schema.ts'
import { compareIds, isTime } from './docValues.ts'
import { newId } from './ids.ts'

/** The board's talks map: talkId → Talk. */
export function talksMap(doc: Y.Doc): Y.Map<Talk> {
  return doc.getMap<Talk>('talks')
}

export function isTalk(value: unknown): value is Talk {
  if (typeof value !== 'object' || value === null) return false
  const talk = value as Record<string, unknown>
  return typeof talk.id === 'string' && isTime(talk.startedAt)
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
 * The talk new cards go into, starting the board's first one when there is
 * none yet (a new board, or one made before talks existed).
 */
export function currentTalkId(doc: Y.Doc, now: number): string {
  return readTalks(doc).at(-1)?.id ?? startTalk(doc, now)
}
