/**
 * How a socket learns its board went: the retiring device's sealed note
 * (who did it, when) in a `retired` frame, then 4410 when it was deleted or
 * 4411 when it moved to a new link. Both are final: no retry can bring it
 * back.
 */
import { encodeServerFrame } from '../../shared/frames.ts'
import { CloseCode, ProtocolError } from '../../shared/protocol.ts'
import type { BoardLog, RetiredBoard } from '../log/types.ts'

type Closable = { socket: { send(frame: Uint8Array): void }; isClosed(): boolean; close(code: number, reason: string): void }

/** A hello for a retired board: the connection hands on the note and closes with the retirement's code (connection.ts). */
export class BoardRetiredError extends ProtocolError {
  constructor(readonly retired: RetiredBoard) {
    super(...closeFor(retired))
    this.name = 'BoardRetiredError'
  }
}

function closeFor({ reason }: RetiredBoard): [CloseCode, string] {
  return reason === 'moved' ? [CloseCode.boardMoved, 'board moved'] : [CloseCode.boardGone, 'board deleted']
}

/** The frame that tells a socket its board was retired, and by whom (in the sealed note). */
export function retiredFrame({ reason, note }: RetiredBoard): Uint8Array {
  return encodeServerFrame({ tag: 'retired', reason, note })
}

export function closeRetired(connection: Closable, retired: RetiredBoard): void {
  if (connection.isClosed()) return
  connection.socket.send(retiredFrame(retired))
  connection.close(...closeFor(retired))
}

/** Why the board was retired, with its note; null while it is live (or when the log cannot say). */
export async function retirementOf(log: Pick<BoardLog, 'getBoard'>, boardId: string): Promise<RetiredBoard | null> {
  const board = await log.getBoard(boardId).catch(() => null)
  return board?.status === 'retired' ? { reason: board.reason, note: board.note } : null
}

/** The board went while the socket was on it (a replay or a write found it gone): closes saying why, deleted unless it moved. */
export async function closeGone(connection: Closable, log: Pick<BoardLog, 'getBoard'>, boardId: string): Promise<void> {
  closeRetired(connection, (await retirementOf(log, boardId)) ?? { reason: 'deleted', note: null })
}
