/**
 * The note a deleting or moving device leaves with the board's tombstone:
 * who did it and when, sealed under the board's key, so the server keeps it
 * and hands it on without being able to read it. It comes as JSON,
 * `{"note": "<base64url>"}`; a request without a body leaves no note (the
 * board then closes on every screen as "deleted", naming nobody).
 */
import type { IncomingMessage } from 'node:http'
import { fromBase64Url } from '../../shared/crypto.ts'
import { Limits } from '../../shared/protocol.ts'
import { readJsonBody } from './readJsonBody.ts'
import { HttpError } from './responses.ts'

/** The note in base64url, and a little room for the JSON around it. */
const MAX_BODY_BYTES = Math.ceil((Limits.maxRetirementNoteBytes * 4) / 3) + 64
const BASE64URL = /^[A-Za-z0-9_-]*$/

/** The sealed note of a retirement request, null when it brings none; refuses one past Limits.maxRetirementNoteBytes. */
export async function readRetirementNote(request: IncomingMessage): Promise<Uint8Array | null> {
  const hasBody = request.headers['content-type'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0
  if (!hasBody) return null
  const body = await readJsonBody(request, MAX_BODY_BYTES).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 413) throw noteTooLarge(error.headers)
    throw error
  })
  const note = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).note : undefined
  if (note === undefined || note === null) return null
  if (typeof note !== 'string' || !BASE64URL.test(note)) {
    throw new HttpError(400, 'invalid_request', 'note must be the sealed note in base64url.')
  }
  const sealed = fromBase64Url(note)
  if (sealed.length > Limits.maxRetirementNoteBytes) throw noteTooLarge()
  return sealed.length === 0 ? null : sealed
}

function noteTooLarge(headers?: Readonly<Record<string, string>>): HttpError {
  return new HttpError(
    413,
    'note_too_large',
    `The note left with a deleted or moved board may be at most ${Limits.maxRetirementNoteBytes} bytes once sealed. Nothing was changed.`,
    headers,
  )
}
