import { boardLink, deriveBoardKeys, generateBoardId, generateBoardSecret, hashAccessToken } from '../../shared/crypto.ts'

export type NewBoard = { boardId: string; secret: Uint8Array; link: string }

/** What a person is told unless the server said why: most failures are a dropped connection. */
export const GENERIC_CREATION_FAILURE = "Couldn't create a board just now — check the connection and try again."

/** The error a person sees when a board could not be made (`message`); `detail` is for logs. */
export class BoardCreationError extends Error {
  constructor(
    readonly detail: string,
    message = GENERIC_CREATION_FAILURE,
  ) {
    super(message)
    this.name = 'BoardCreationError'
  }
}

/**
 * Makes a board: its id and secret are drawn here, in the browser; the
 * server is told only the id and a hash of the access token. The secret
 * travels only in the link's #fragment, which browsers never send.
 */
export async function createBoard(origin = location.origin, fetchImpl: typeof fetch = fetch): Promise<NewBoard> {
  const boardId = generateBoardId()
  const secret = generateBoardSecret()
  const { accessToken } = await deriveBoardKeys(boardId, secret)
  const tokenHash = await hashAccessToken(accessToken)
  let response: Response
  try {
    response = await fetchImpl(`${origin}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boardId, tokenHash }),
    })
  } catch (error) {
    throw new BoardCreationError(`network: ${(error as Error).message}`)
  }
  if (response.status !== 201) {
    throw new BoardCreationError(`server answered ${response.status}: ${await response.text()}`, messageForRefusal(response))
  }
  return { boardId, secret, link: boardLink(origin, boardId, secret) }
}

/** A server at its limits is not a connection problem: checking the connection would not help. */
function messageForRefusal(response: Response): string {
  if (response.status === 429) {
    return `Too many boards were created from this network just now. Try again ${whenToRetry(response.headers.get('retry-after'))}.`
  }
  if (response.status === 507) {
    return 'This server has no room for new boards right now. Your existing boards open as usual, with everything saved on them.'
  }
  return GENERIC_CREATION_FAILURE
}

/** Retry-After in seconds, said the way a person would; anything else (a date, nothing) is "a few minutes". */
function whenToRetry(retryAfter: string | null): string {
  const minutes = Math.ceil(Number(retryAfter) / 60)
  if (!(minutes >= 1)) return 'in a few minutes'
  return minutes === 1 ? 'in a minute' : `in about ${minutes} minutes`
}
