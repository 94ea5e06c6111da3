import { forgetIdentity } from '../core/identity.svelte.ts'
import { stopKeepingBoard } from '../device/deviceStore.ts'
import { forgetPins } from '../device/pins.ts'
import { forgetSigner } from '../device/signingKeys.ts'
import { forgetVerified } from '../device/verifiedClaims.ts'
import { forgetCreatedHere } from '../people/createdHere.ts'
import { deleteBoardNotes, listPrivateNotes } from '../privateNotes/privateNotes.ts'
import { forgetMovesTo } from '../safety/movedBoards.ts'
import type { Retirement } from '../sync/closeReasons.ts'
import { forgetYourBoard, markYourBoardClosed } from '../yourBoards/yourBoards.ts'

/** A board someone else retired: this person's private notes are theirs, and stay until they choose. */
export type NotesStay = { said: string; boardName: string }

/**
 * Removes everything this device kept of a board that was deleted or moved
 * to a new link: its copy of the board, this person's private notes on it,
 * the name it was joined under, its signing key, the keys it pinned and the claims it verified, and its place in "Your boards". A deleted
 * board's links go too: the new link of every move that led to it. (A moved
 * board's new link stays: it is how the person who moved it finds the
 * board again.) Each part is tried even when another fails.
 *
 * When someone else retired the board (`notesStay`), the private notes are
 * not theirs to delete: they stay, and the "Your boards" entry stays as
 * where they are found (saying what happened) until the person exports or
 * deletes them. Resolves with whether any notes stayed.
 */
export async function forgetBoardOnThisDevice(
  boardId: string,
  reason: Retirement,
  clearLocalCopy: () => Promise<void>,
  notesStay: NotesStay | null = null,
): Promise<boolean> {
  // First, so nothing the board's view still writes (its Your boards entry, claims verified) puts back what goes below.
  stopKeepingBoard(boardId)
  const notesLeft =
    notesStay === null
      ? false
      : await listPrivateNotes(boardId).then(
          (notes) => notes.length > 0,
          () => false,
        )
  const parts = [clearLocalCopy(), forgetIdentity(boardId), forgetSigner(boardId), forgetPins(boardId), forgetVerified(boardId)]
  if (notesLeft) parts.push(markYourBoardClosed(boardId, notesStay!.said, notesStay!.boardName))
  else parts.push(deleteBoardNotes(boardId), forgetYourBoard(boardId))
  if (reason === 'deleted') parts.push(forgetMovesTo(boardId))
  forgetCreatedHere(boardId)
  const results = await Promise.allSettled(parts)
  for (const result of results)
    if (result.status === 'rejected') console.warn('Part of a closed board could not be removed from this device:', result.reason)
  return notesLeft
}
