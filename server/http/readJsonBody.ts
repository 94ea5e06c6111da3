/**
 * Reads a small JSON request body, refusing anything larger than `maxBytes`
 * without buffering it, and anything not declared as JSON.
 */
import type { IncomingMessage } from 'node:http'
import { HttpError } from './responses.ts'

/** The media type, any parameters after it ("; charset=utf-8"); JSON is UTF-8 whatever they say. */
const JSON_CONTENT_TYPE = /^\s*application\/json\s*(;|$)/i

export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  // A web page can send a form or text/plain to us from its visitors' browsers without asking;
  // a JSON body needs a CORS preflight first, which this server never grants.
  if (!JSON_CONTENT_TYPE.test(request.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON, with "Content-Type: application/json".')
  }
  const tooLarge = () =>
    // Connection: close, because the rest of the body is never read.
    new HttpError(413, 'body_too_large', `The request body is larger than ${maxBytes} bytes.`, { Connection: 'close' })
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge()
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) return void chunks.push(chunk)
      // Stop reading but keep the socket: destroying the request would also lose the 413 answer.
      request.off('data', onData)
      request.pause()
      reject(tooLarge())
    }
    request.on('data', onData)
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.')
  }
}
