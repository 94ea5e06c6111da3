/**
 * Every HTTP request starts here: security headers first, then the API
 * (JSON in, JSON errors out), then the built client's files.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BoardsApi } from './boardsApi.ts'
import type { HistoryApi } from './historyApi.ts'
import { HttpError, sendApiError, sendJson, sendText } from './responses.ts'
import { setSecurityHeaders } from './securityHeaders.ts'
import type { StaticFiles } from './staticFiles.ts'

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void

const BOARD_PATH = /^\/api\/boards\/([^/]+)$/
const MOVED_PATH = /^\/api\/boards\/([^/]+)\/moved$/
const HISTORY_PATH = /^\/api\/boards\/([^/]+)\/history(?:\/([^/]+))?$/

export function createRequestHandler(
  boards: BoardsApi,
  history: HistoryApi,
  staticFiles: StaticFiles,
  logLine: (line: string) => void,
): RequestHandler {
  async function route(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    const method = request.method ?? 'GET'
    if (pathname === '/healthz') return sendJson(response, 200, { ok: true })
    if (pathname === '/api/boards') {
      if (method !== 'POST') throw methodNotAllowed('POST')
      return boards.create(request, response)
    }
    const boardPath = BOARD_PATH.exec(pathname)
    if (boardPath !== null) {
      if (method !== 'DELETE') throw methodNotAllowed('DELETE')
      return boards.delete(request, response, boardPath[1]!)
    }
    const movedPath = MOVED_PATH.exec(pathname)
    if (movedPath !== null) {
      if (method !== 'POST') throw methodNotAllowed('POST')
      return boards.moved(request, response, movedPath[1]!)
    }
    const historyPath = HISTORY_PATH.exec(pathname)
    if (historyPath !== null) {
      if (method !== 'GET') throw methodNotAllowed('GET')
      const [, boardId, seq] = historyPath
      return seq === undefined ? history.list(request, response, boardId!) : history.version(request, response, boardId!, seq)
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      throw new HttpError(404, 'not_found', 'There is no such API route.')
    }
    return staticFiles(request, response, pathname)
  }

  return (request, response) => {
    setSecurityHeaders(response)
    const url = request.url ?? '/'
    // Only origin-form targets ("/path?query"); parsing against a fixed base keeps "//host" from becoming a host.
    if (!url.startsWith('/')) return sendText(response, 400, 'Bad request\n')
    let pathname: string
    try {
      pathname = new URL(`http://localhost${url}`).pathname
    } catch {
      return sendText(response, 400, 'Bad request\n')
    }
    route(request, response, pathname).catch((error: unknown) => {
      if (error instanceof HttpError) return sendApiError(response, error)
      logLine(`http: ${request.method} ${pathname} failed: ${error instanceof Error ? error.message : String(error)}`)
      if (response.headersSent) return void response.destroy()
      const isApi = pathname.startsWith('/api/')
      if (isApi) sendApiError(response, new HttpError(500, 'internal_error', 'Something went wrong on the server.'))
      else sendText(response, 500, 'Internal server error\n')
    })
  }
}

function methodNotAllowed(allowed: string): HttpError {
  return new HttpError(405, 'method_not_allowed', `Use ${allowed} here.`, { Allow: allowed })
}
