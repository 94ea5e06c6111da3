/**
 * Moving a board to a new link: a fresh id and secret, the whole board
 * copied there under the new key, then the old board retired. The new link
 * is made here and never sent to the server; the person who moved the board
 * passes it on themselves.
 *
 * The order is what makes an interrupted move safe: until the copy is
 * acknowledged as durable the old board is untouched (a tab closed halfway
 * leaves it working, and an unreachable copy nobody has the link to); the
 * old board is retired only after. What this device keeps of the old board
 * (the new link, the person's name, private notes) is carried over before
 * retiring too: the retirement makes every device, this one included,
 * forget the old board, and a tab closed between the steps still finds the
 * new link.
 */
import * as Y from 'yjs'
import { deriveBoardKeys } from '../../shared/crypto.ts'
import { connectBoard } from './connectBoard.ts'
import { createBoard, type NewBoard } from './createBoard.ts'
import { retirementRequest } from './deleteBoard.ts'
import type { SocketConstructor } from './transport.ts'

/** Why a move could not be made, in words for people; the old link still works whenever this is thrown. */
export class BoardMoveError extends Error {
  constructor(
    readonly detail: string,
    message: string,
  ) {
    super(message)
    this.name = 'BoardMoveError'
  }
}

export type MoveOptions = {
  origin: string
  socketUrl: string
  WebSocketImpl: SocketConstructor
  fetchImpl?: typeof fetch
  /** Called once the copy is durable and before the old board is retired: keep what must outlive the old board. */
  beforeRetiring(next: NewBoard): Promise<void>
  /** How long the copy may take to be stored before the move is given up. */
  copyTimeoutMs?: number
  /** Left sealed with the old board's tombstone, for the devices still on it: who moved it, when (sync/retirementNote.ts). */
  note?: unknown
}

const KEPT_WORKING = 'The old link still works and nothing was changed.'

export async function moveBoard(from: { boardId: string; secret: Uint8Array; doc: Y.Doc }, options: MoveOptions): Promise<NewBoard> {
  const fetchImpl = options.fetchImpl ?? fetch
  const next = await createBoard(options.origin, fetchImpl).catch((error: unknown) => {
    throw new BoardMoveError(`create: ${(error as Error).message}`, `A new link could not be made just now. ${KEPT_WORKING}`)
  })
  await copyBoard(from.doc, next, options)
  await options.beforeRetiring(next)
  const keys = await deriveBoardKeys(from.boardId, from.secret)
  let response: Response
  try {
    response = await fetchImpl(`${options.origin}/api/boards/${encodeURIComponent(from.boardId)}/moved`, {
      method: 'POST',
      ...(await retirementRequest(from.boardId, keys, options.note)),
    })
  } catch (error) {
    throw new BoardMoveError(
      `retire: ${(error as Error).message}`,
      `The board was copied, but the old link could not be closed: the server was not reached. ${KEPT_WORKING}`,
    )
  }
  // Retired already (a second tab finished first) is the same outcome.
  if (response.status !== 204 && response.status !== 410) {
    throw new BoardMoveError(
      `retire: server answered ${response.status}`,
      `The board was copied, but the old link could not be closed. ${KEPT_WORKING}`,
    )
  }
  return next
}

/** Syncs a copy of the whole board to the new one and waits until the server has it durably. */
async function copyBoard(doc: Y.Doc, next: NewBoard, options: MoveOptions): Promise<void> {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const connection = connectBoard({
    boardId: next.boardId,
    secret: next.secret,
    doc: copy,
    socketUrl: options.socketUrl,
    WebSocketImpl: options.WebSocketImpl,
    crossTab: false,
  })
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([
      connection.tracker.whenState('saved'),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), options.copyTimeoutMs ?? 60_000)
      }),
    ])
  } catch (error) {
    throw new BoardMoveError(`copy: ${(error as Error).message}`, `The board could not be copied to the new link just now. ${KEPT_WORKING}`)
  } finally {
    clearTimeout(timer)
    connection.destroy()
    copy.destroy()
  }
}
