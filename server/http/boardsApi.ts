/**
 * Creating boards over HTTP, and retiring them: deleted, or moved to a new
 * link. The server learns a board's id and the hash of its access token,
 * nothing else. Retiring needs the token itself, in an Authorization header:
 * a token in a URL would end up in logs. A move's last step retires the old
 * board: the client has already copied it to a new board (whose link the
 * server never sees); the old log is then removed as a deleted one is.
 * Either may carry a note sealed under the board's key (retirementNote.ts),
 * kept with the tombstone and handed to every device of the board.
 *
 * Creation is open to anyone, so it is checked in order of cost: a
 * well-formed JSON request first, then the caller's rate, then room on the
 * server (common/policy.ts has the limits).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BOARD_ID_PATTERN, TOKEN_HASH_PATTERN } from '../../shared/protocol.ts'
import type { BoardCreationLimits } from '../common/policy.ts'
import type { BoardLog, RetiredBoard, Retirement } from '../log/types.ts'
import { requireBoardAccess } from './boardAccess.ts'
import { BoardCapacity } from './boardCapacity.ts'
import { clientAddressKey } from './clientAddress.ts'
import { CreationRateLimit } from './creationRateLimit.ts'
import { readJsonBody } from './readJsonBody.ts'
import { readRetirementNote } from './retirementNote.ts'
import { HttpError, sendJson } from './responses.ts'
import type { TrustedProxies } from './trustedProxies.ts'

/** A create request is two short strings; anything much bigger is not one. */
const MAX_CREATE_BODY_BYTES = 4 * 1024

export type BoardsApi = {
  create(request: IncomingMessage, response: ServerResponse): Promise<void>
  /** DELETE /api/boards/:id */
  delete(request: IncomingMessage, response: ServerResponse, boardId: string): Promise<void>
  /** POST /api/boards/:id/moved */
  moved(request: IncomingMessage, response: ServerResponse, boardId: string): Promise<void>
}

export function createBoardsApi(
  log: BoardLog,
  /** Tells the board's sockets it was retired, handing them the note. */
  boardRetired: (boardId: string, retired: RetiredBoard) => void,
  limits: BoardCreationLimits,
  /** Whose X-Forwarded-For names the client a creation counts against. */
  trustedProxies: TrustedProxies,
): BoardsApi {
  const { createsPerHour, createBurst, ...caps } = limits
  const rateLimit = new CreationRateLimit(createsPerHour, createBurst)
  const capacity = new BoardCapacity(log, caps)
  return {
    async create(request, response) {
      const body = await readJsonBody(request, MAX_CREATE_BODY_BYTES)
      const { boardId, tokenHash } = parseCreateRequest(body)
      const allowance = rateLimit.take(clientAddressKey(request, trustedProxies))
      if (!allowance.allowed) throw rateLimited(allowance.retryAfterSeconds)
      await capacity.reservePlace()
      if ((await log.createBoard(boardId, tokenHash)) === 'exists') {
        capacity.releasePlace()
        throw new HttpError(409, 'board_exists', 'A board with this id already exists.')
      }
      sendJson(response, 201, { boardId })
    },

    delete: (request, response, boardId) => retire(request, response, boardId, 'deleted'),
    moved: (request, response, boardId) => retire(request, response, boardId, 'moved'),
  }

  async function retire(request: IncomingMessage, response: ServerResponse, boardId: string, reason: Retirement): Promise<void> {
    await requireBoardAccess(request, log, boardId)
    const note = await readRetirementNote(request)
    if (await log.retireBoard(boardId, reason, note)) capacity.releasePlace()
    // A second retirement (another tab finished first) hands on the note kept with the first.
    const board = await log.getBoard(boardId)
    boardRetired(boardId, board?.status === 'retired' ? board : { reason, note })
    response.writeHead(204, { 'Cache-Control': 'no-store' })
    response.end()
  }
}

function parseCreateRequest(body: unknown): { boardId: string; tokenHash: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_request', 'The body must be a JSON object with boardId and tokenHash.')
  }
  const { boardId, tokenHash } = body as Record<string, unknown>
  if (typeof boardId !== 'string' || !BOARD_ID_PATTERN.test(boardId)) {
    throw new HttpError(400, 'invalid_request', 'boardId must be 22 base64url characters.')
  }
  if (typeof tokenHash !== 'string' || !TOKEN_HASH_PATTERN.test(tokenHash)) {
    throw new HttpError(400, 'invalid_request', 'tokenHash must be 43 base64url characters.')
  }
  return { boardId, tokenHash }
}

function rateLimited(retryAfterSeconds: number): HttpError {
  return new HttpError(429, 'rate_limited', 'Too many boards were created from this network just now. Wait a little and try again.', {
    'Retry-After': String(retryAfterSeconds),
  })
}
