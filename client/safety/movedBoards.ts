/**
 * What this device remembers about a move it made, so the person who moved
 * a board can always find it again: the new link under the old board's id
 * (for a tab closed mid-move, or the old link opened later), sealed under
 * the device key because the link holds the new board's secret; and, for
 * this visit only, that the new board was just made, so its share sheet
 * opens.
 */
import { inStore, type MoveRecord } from '../device/deviceStore.ts'
import { openJson, sealJson } from '../device/sealedRecords.ts'
import { copyIdentity } from '../core/identity.svelte.ts'

const context = (oldBoardId: string) => `common-ground/moved/v1/${oldBoardId}`
const justMovedKey = (boardId: string) => `common-ground:just-moved:${boardId}`
/** Where versions before the sealed store kept the new link, in the clear. */
const legacyKey = (oldBoardId: string) => `common-ground:moved:${oldBoardId}`

export async function rememberMove(oldBoardId: string, next: { boardId: string; link: string }): Promise<void> {
  const sealed = await sealJson(context(oldBoardId), next.link)
  await inStore('moves', 'readwrite', (store) => store.put({ boardId: oldBoardId, toBoardId: next.boardId, sealed } satisfies MoveRecord))
}

/** The new link of a board this device moved, or null. */
export async function movedTo(oldBoardId: string): Promise<string | null> {
  const record = await inStore<MoveRecord | undefined>('moves', 'readonly', (store) => store.get(oldBoardId))
  if (record === undefined) return legacyMovedTo(oldBoardId)
  const link = await openJson(context(oldBoardId), record.sealed).catch(() => null)
  return typeof link === 'string' ? link : null
}

function legacyMovedTo(oldBoardId: string): string | null {
  try {
    return localStorage.getItem(legacyKey(oldBoardId))
  } catch {
    return null
  }
}

/**
 * A deleted board's links go from this device: every remembered move that
 * led to it, and the moves that led to those (a board moved twice), since
 * each holds a link that now leads only to the deleted board.
 */
export async function forgetMovesTo(boardId: string): Promise<void> {
  const leadingHere = await inStore<MoveRecord[]>('moves', 'readonly', (store) => store.index('byTarget').getAll(boardId))
  const from = [...leadingHere.map((move) => move.boardId), ...forgetLegacyMovesTo(boardId)]
  for (const oldBoardId of from) {
    await inStore('moves', 'readwrite', (store) => store.delete(oldBoardId))
    await forgetMovesTo(oldBoardId)
  }
  try {
    sessionStorage.removeItem(justMovedKey(boardId))
  } catch {
    // Storage blocked: nothing was kept there either.
  }
}

/** Removes the links earlier versions kept in the clear that lead to `boardId`; returns the old boards they were filed under. */
function forgetLegacyMovesTo(boardId: string): string[] {
  const prefix = legacyKey('')
  const from: string[] = []
  try {
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(prefix)) continue
      const link = localStorage.getItem(key) ?? ''
      if (!URL.canParse(link) || new URL(link).pathname !== `/b/${boardId}`) continue
      localStorage.removeItem(key)
      from.push(key.slice(prefix.length))
    }
  } catch {
    // Storage blocked: nothing was kept there either.
  }
  return from
}

/** The same person on the new board (their name and colour come along), and its share sheet opens on arrival. */
export async function carryIdentity(oldBoardId: string, newBoardId: string): Promise<void> {
  await copyIdentity(oldBoardId, newBoardId)
  try {
    sessionStorage.setItem(justMovedKey(newBoardId), '1')
  } catch {
    // The share sheet stays closed; Invite opens it.
  }
}

/** True once, on the first visit to a board this tab just moved to. */
export function takeJustMoved(boardId: string): boolean {
  try {
    const was = sessionStorage.getItem(justMovedKey(boardId)) !== null
    sessionStorage.removeItem(justMovedKey(boardId))
    return was
  } catch {
    return false
  }
}
