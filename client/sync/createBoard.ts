import { deriveBoardKeys, generateBoardId, generateBoardSecret, hashAccessToken, toBase64Url } from '../../shared/crypto.ts'

export type NewBoard = { boardId: string; secret: Uint8Array; link: string }

/** The error a person sees when a board could not be made; `detail` is for logs. */
export class BoardCreationError extends Error {
  constructor(readonly detail: string) {
    super("Couldn't create a board just now — check the connection and try again.")
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
  if (response.status !== 201) throw new BoardCreationError(`server answered ${response.status}: ${await response.text()}`)
  return { boardId, secret, link: `${origin}/b/${boardId}#${toBase64Url(secret)}` }
}
