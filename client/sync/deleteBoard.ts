import { deriveBoardKeys, toBase64Url, type BoardKeys } from '../../shared/crypto.ts'
import { retirementNoteBody } from './retirementNote.ts'

/** Why a board could not be deleted, in words for people; `detail` is for logs. */
export class BoardDeletionError extends Error {
  constructor(
    readonly detail: string,
    message: string,
  ) {
    super(message)
    this.name = 'BoardDeletionError'
  }
}

/**
 * Deletes a board for everyone, proving it holds the link with the access
 * token derived from the secret. The server removes every entry and the
 * token's hash, keeps `note` sealed with the tombstone (who deleted it,
 * when), and tells every connected screen. A board deleted already counts
 * as done: the wish was the same.
 */
export async function deleteBoardForEveryone(
  boardId: string,
  secret: Uint8Array,
  note?: unknown,
  origin = location.origin,
  fetchImpl: typeof fetch = fetch,
): Promise<'deleted' | 'alreadyDeleted'> {
  const keys = await deriveBoardKeys(boardId, secret)
  let response: Response
  try {
    response = await fetchImpl(`${origin}/api/boards/${encodeURIComponent(boardId)}`, {
      method: 'DELETE',
      ...(await retirementRequest(boardId, keys, note)),
    })
  } catch (error) {
    throw new BoardDeletionError(
      `network: ${(error as Error).message}`,
      'The server could not be reached, so nothing was deleted. Try again once you are online.',
    )
  }
  if (response.status === 204) return 'deleted'
  if (response.status === 410) return 'alreadyDeleted'
  const detail = `server answered ${response.status}: ${await response.text()}`
  if (response.status === 401)
    throw new BoardDeletionError(detail, 'This link can no longer delete the board: it may have moved to a new link.')
  if (response.status === 404)
    throw new BoardDeletionError(detail, 'This server does not hold this board, so there was nothing to delete here.')
  throw new BoardDeletionError(detail, 'The board could not be deleted just now. Nothing was deleted; try again in a moment.')
}

/** The headers and body that prove the link and leave the sealed note; shared by a delete and a move's last step. */
export async function retirementRequest(boardId: string, keys: BoardKeys, note: unknown): Promise<RequestInit> {
  const authorization = `Bearer ${toBase64Url(keys.accessToken)}`
  const body = await retirementNoteBody(boardId, keys, note)
  if (body === undefined) return { headers: { authorization } }
  return { headers: { authorization, 'content-type': 'application/json' }, body }
}
