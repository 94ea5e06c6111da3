/**
 * Letting a socket in: its first frame must be a hello of this protocol
 * version for a well-formed board id, and the board must exist, be live,
 * and match the access token. Every refusal is a ProtocolError with the
 * named close code the socket gets.
 */
import type { ClientFrame } from '../../shared/frames.ts'
import { BOARD_ID_PATTERN, CloseCode, PROTOCOL_VERSION, ProtocolError } from '../../shared/protocol.ts'
import { accessTokenMatches } from '../common/accessToken.ts'
import type { BoardLog } from '../log/types.ts'
import { BoardRetiredError } from './boardGone.ts'
import { fromStorage } from './storageUnavailable.ts'

export type Hello = Extract<ClientFrame, { tag: 'hello' }>

/** The first frame as a hello, checked for what needs no storage. */
export function readHello(frame: ClientFrame): Hello {
  if (frame.tag !== 'hello') throw new ProtocolError(CloseCode.protocolError, 'expected hello')
  if (frame.version !== PROTOCOL_VERSION) {
    throw new ProtocolError(CloseCode.versionMismatch, `protocol version ${frame.version} is not ${PROTOCOL_VERSION}`)
  }
  if (!BOARD_ID_PATTERN.test(frame.boardId)) throw new ProtocolError(CloseCode.protocolError, 'malformed board id')
  return frame
}

/**
 * Checks the board and the token; returns the seq to replay from: the
 * client's knownSeq, or 0 when it is past the head (seqs only grow, so the
 * log is not the one the client knew, and it reads everything afresh).
 */
export async function authenticate(hello: Hello, log: BoardLog): Promise<{ replayFrom: number }> {
  const board = await fromStorage(() => log.getBoard(hello.boardId))
  if (board === null) throw new ProtocolError(CloseCode.boardNotFound, 'board not found')
  if (board.status === 'retired') throw new BoardRetiredError({ reason: board.reason, note: board.note })
  if (!(await accessTokenMatches(hello.accessToken, board.tokenHash))) {
    throw new ProtocolError(CloseCode.unauthorized, 'wrong access token')
  }
  return { replayFrom: hello.knownSeq <= board.headSeq ? hello.knownSeq : 0 }
}
