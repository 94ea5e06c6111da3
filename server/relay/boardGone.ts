/**
 * How a socket learns its board went: 4410 when it was deleted, 4411 when
 * it moved to a new link. Both are final: no retry can bring it back.
 */
import { CloseCode } from '../../shared/protocol.ts'
import type { BoardLog, Retirement } from '../log/types.ts'

type Closable = { close(code: number, reason: string): void }

export function closeRetired(socket: Closable, reason: Retirement): void {
  if (reason === 'moved') socket.close(CloseCode.boardMoved, 'board moved')
  else socket.close(CloseCode.boardGone, 'board deleted')
}

/** Why the board was retired; null while it is live (or when the log cannot say). */
export async function retirementOf(log: Pick<BoardLog, 'getBoard'>, boardId: string): Promise<Retirement | null> {
  const board = await log.getBoard(boardId).catch(() => null)
  return board?.status === 'retired' ? board.reason : null
}

/** The board went while the socket was on it (a replay or a write found it gone): closes saying why, deleted unless it moved. */
export async function closeGone(socket: Closable, log: Pick<BoardLog, 'getBoard'>, boardId: string): Promise<void> {
  closeRetired(socket, (await retirementOf(log, boardId)) ?? 'deleted')
}
