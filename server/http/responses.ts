/**
 * API responses. Every API error is JSON of one shape,
 * `{ "error": { "code": "board_exists", "message": "…" } }`, with a stable code:
 *
 *   invalid_json, invalid_request, body_too_large, board_exists,
 *   unauthorized, board_not_found, board_deleted, board_moved, version_not_found, not_found,
 *   method_not_allowed, internal_error
 *
 * and, for creating a board (boardCreationLimits.ts):
 *
 *   unsupported_media_type  415  the body is not declared as application/json
 *   rate_limited            429  too many creations from this address; the
 *                                Retry-After header says when (in seconds)
 *   board_limit_reached     507  the server holds COMMON_GROUND_MAX_BOARDS boards
 *   storage_full            507  stored boards reached COMMON_GROUND_MAX_STORED_BYTES
 *
 * and, for downloading a stored version (versionDownload.ts):
 *
 *   too_many_downloads      429  this address's downloads and replays already
 *                                hold COMMON_GROUND_READER_BYTES_PER_IP in
 *                                memory; the Retry-After header says when to
 *                                try again (in seconds)
 */
import type { ServerResponse } from 'node:http'

export type ApiErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'body_too_large'
  | 'note_too_large'
  | 'board_exists'
  | 'unauthorized'
  | 'board_not_found'
  | 'board_deleted'
  | 'board_moved'
  | 'version_not_found'
  | 'not_found'
  | 'method_not_allowed'
  | 'internal_error'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'board_limit_reached'
  | 'storage_full'
  | 'too_many_downloads'

/** An API failure that becomes a JSON error response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  response.end(text)
}

export function sendApiError(response: ServerResponse, error: HttpError): void {
  for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value)
  sendJson(response, error.status, { error: { code: error.code, message: error.message } })
}

export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  })
  response.end(text)
}
