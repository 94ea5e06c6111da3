import type { IndexeddbPersistence } from 'y-indexeddb'
import { deleteBoardNotes } from '../privateNotes/privateNotes.ts'
import { identityKey } from '../state/identity.svelte.ts'
import { forgetYourBoard } from '../yourBoards/yourBoards.ts'

/**
 * Removes everything this device kept of a deleted board: its copy of the
 * board (IndexedDB), this person's private notes on it, the name it was
 * joined under, and its place in "Your boards". Each is tried even when another fails.
 */
export async function forgetBoardOnThisDevice(boardId: string, local: IndexeddbPersistence): Promise<void> {
  try {
    localStorage.removeItem(identityKey(boardId))
  } catch {
    // Storage blocked: nothing was kept there either.
  }
  const results = await Promise.allSettled([local.clearData(), deleteBoardNotes(boardId), forgetYourBoard(boardId)])
  for (const result of results) if (result.status === 'rejected') console.warn('Part of a deleted board could not be removed from this device:', result.reason)
}
