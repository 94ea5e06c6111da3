/**
 * Proving one holds a board's link over HTTP: the access token derived from
 * the link's secret, in an Authorization header (a token in a URL would end
 * up in logs), checked against the stored hash in constant time.
 */
import type { IncomingMessage } from 'node:http'
import { fromBase64Url } from '../../shared/crypto.ts'
import { BOARD_ID_PATTERN } from '../../shared/protocol.ts'
import { accessTokenMatches } from '../common/accessToken.ts'
import type { BoardLog } from '../log/types.ts'
import { HttpError } from './responses.ts'

/** Resolves when the request holds the token of a live board; otherwise throws the API error that says why not. */
export async function requireBoardAccess(request: IncomingMessage, log: BoardLog, boardId: string): Promise<void> {
  const accessToken = bearerToken(request)
  const board = BOARD_ID_PATTERN.test(boardId) ? await log.getBoard(boardId) : null
  if (board === null) throw new HttpError(404, 'board_not_found', 'There is no board with this id.')
  if (board.status === 'retired' && board.reason === 'moved') throw new HttpError(410, 'board_moved', 'This board has moved to a new link.')
  if (board.status === 'retired') throw new HttpError(410, 'board_deleted', 'This board has been deleted.')
  if (!(await accessTokenMatches(accessToken, board.tokenHash))) throw unauthorized('The access token is wrong.')
}

function bearerToken(request: IncomingMessage): Uint8Array {
  const match = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(request.headers.authorization ?? '')
  if (match !== null) {
    try {
      return fromBase64Url(match[1]!)
    } catch {
      // Falls through: a token that is not base64url is as wrong as a missing one.
    }
  }
  throw unauthorized('Send the access token as "Authorization: Bearer <base64url>".')
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer' })
}
