/**
 * The record of the latest restore (or undo of one), kept in the shared doc
 * so every screen can say who brought an earlier version back, and when, and
 * anyone can undo it. It holds what undoing needs, so the undo does not
 * depend on the server still keeping the version from just before (its
 * history keeps only the newest few and each day's first).
 *
 * Only the latest is kept: an undo is offered for the latest restore only,
 * and each record holds the cards its restore replaced.
 */
import * as Y from 'yjs'
import { isTime } from '../core/docValues.ts'

/** The doc's `restores` map: one key, RESTORE_KEY → RestoreRecord. */
export function restoresMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('restores')
}

export const RESTORE_KEY = 'latest'

/** What undoing a change to the cards needs: the cards it replaced or removed, as they were, and the cards it added. */
export type CardsInverse = {
  /** A Yjs update of a doc whose `cards` map holds the replaced and removed cards as they were before. */
  before: Uint8Array
  /** Ids of cards that were not on the board before. */
  added: string[]
}

export type RestoreRecord = CardsInverse & {
  /** A random id, so two screens can tell one restore from the next. */
  id: string
  /** `restore`: a version brought back; `undo`: the restore before it taken back. */
  kind: 'restore' | 'undo'
  /** The person id of the device that did it. */
  byId: string
  /** Server time it was done. */
  at: number
  /** Server time of the version brought back (for an undo, of the version the undone restore had brought back). */
  versionAt: number
  /** An undo: who made the restore it took back; null for a restore. */
  undoneById: string | null
}

/** Longer than any id the app makes (16 characters); a peer's longer string is not an id. */
const MAX_ID_LENGTH = 64
/** A board holds far fewer cards than this; a list past it is not one the app wrote. */
const MAX_ADDED = 10_000

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH
}

/**
 * A restore record as the screen may use it, or null when the value is not
 * one: written by another version of the app, a faulty device or someone who
 * means harm. Ids are only ever looked up (a name is found through the
 * board's people), never shown; times must be times.
 */
export function readRestoreRecord(value: unknown): RestoreRecord | null {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return null
  const record = value as Record<string, unknown>
  if (!isId(record.id) || !isId(record.byId) || (record.kind !== 'restore' && record.kind !== 'undo')) return null
  if (!isTime(record.at) || !isTime(record.versionAt)) return null
  if (!(record.before instanceof Uint8Array)) return null
  if (!Array.isArray(record.added) || record.added.length > MAX_ADDED || !record.added.every(isId)) return null
  const undoneById = record.kind === 'undo' && isId(record.undoneById) ? record.undoneById : null
  return {
    id: record.id,
    kind: record.kind,
    byId: record.byId,
    at: record.at,
    versionAt: record.versionAt,
    undoneById,
    before: record.before,
    added: [...(record.added as string[])],
  }
}

/** The latest restore on the board; null on a board never restored (every board from before restores were recorded). */
export function latestRestore(doc: Y.Doc): RestoreRecord | null {
  return readRestoreRecord(restoresMap(doc).get(RESTORE_KEY))
}
