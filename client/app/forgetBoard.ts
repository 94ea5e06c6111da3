import { forgetIdentity } from '../core/identity.svelte.ts'
import { forgetPins } from '../device/pins.ts'
import { forgetSigner } from '../device/signingKeys.ts'
import { forgetVerified } from '../device/verifiedClaims.ts'
import { forgetCreatedHere } from '../people/createdHere.ts'
import { deleteBoardNotes } from '../privateNotes/privateNotes.ts'
import { forgetMovesTo } from '../safety/movedBoards.ts'
import type { Retirement } from '../sync/closeReasons.ts'
import { forgetYourBoard } from '../yourBoards/yourBoards.ts'

/**
 * Removes everything this device kept of a board that was deleted or moved
 * to a new link: its copy of the board, this person's private notes on it,
 * the name it was joined under, its signing key, the keys it pinned and the claims it verified, and its place in "Your boards". A deleted
 * board's links go too: the new link of every move that led to it. (A moved
 * board's new link stays: it is how the person who moved it finds the
 * board again.) Each part is tried even when another fails.
 */
export async function forgetBoardOnThisDevice(boardId: string, reason: Retirement, clearLocalCopy: () => Promise<void>): Promise<void> {
  const parts = [
    clearLocalCopy(),
    deleteBoardNotes(boardId),
    forgetYourBoard(boardId),
    forgetIdentity(boardId),
    forgetSigner(boardId),
    forgetPins(boardId),
    forgetVerified(boardId),
  ]
  if (reason === 'deleted') parts.push(forgetMovesTo(boardId))
  forgetCreatedHere(boardId)
  const results = await Promise.allSettled(parts)
  for (const result of results)
    if (result.status === 'rejected') console.warn('Part of a closed board could not be removed from this device:', result.reason)
}
