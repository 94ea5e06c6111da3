/**
 * What this device remembers about a move it made, so the person who moved
 * a board can always find it again: the new link under the old board's id
 * (for a tab closed mid-move, or the old link opened later), and, for this
 * visit only, that the new board was just made, so its share sheet opens.
 */
import { identityKey } from '../state/identity.svelte.ts'

const movedToKey = (oldBoardId: string) => `common-ground:moved:${oldBoardId}`
const justMovedKey = (boardId: string) => `common-ground:just-moved:${boardId}`

export function rememberMove(oldBoardId: string, newLink: string): void {
  try {
    localStorage.setItem(movedToKey(oldBoardId), newLink)
  } catch {
    // Storage blocked: the new link still opens in this tab right after the move.
  }
}

/** The new link of a board this device moved, or null. */
export function movedTo(oldBoardId: string): string | null {
  try {
    return localStorage.getItem(movedToKey(oldBoardId))
  } catch {
    return null
  }
}

/** The same person on the new board: their name and colour come along, so they are not asked again. */
export function carryIdentity(oldBoardId: string, newBoardId: string): void {
  try {
    const me = localStorage.getItem(identityKey(oldBoardId))
    if (me !== null) localStorage.setItem(identityKey(newBoardId), me)
    sessionStorage.setItem(justMovedKey(newBoardId), '1')
  } catch {
    // The new board asks for a name instead.
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
