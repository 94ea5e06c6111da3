/**
 * The board's history over HTTP, for those holding its link: the list of
 * stored versions (snapshots) and one version's sealed bytes. The server
 * cannot read a version; the browser decrypts it to show it.
 *
 *   GET /api/boards/:id/history          → { versions: [{ seq, coversSeq, createdAt, bytes }] }, newest first
 *   GET /api/boards/:id/history/:seq     → the sealed snapshot, application/octet-stream
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BoardLog } from '../log/types.ts'
import { requireBoardAccess } from './boardAccess.ts'
import { HttpError, sendJson } from './responses.ts'

export type HistoryApi = {
  list(request: IncomingMessage, response: ServerResponse, boardId: string): Promise<void>
  version(request: IncomingMessage, response: ServerResponse, boardId: string, seq: string): Promise<void>
}

export function createHistoryApi(log: BoardLog): HistoryApi {
  return {
    async list(request, response, boardId) {
      await requireBoardAccess(request, log, boardId)
      sendJson(response, 200, { versions: (await log.listHistory(boardId)) ?? [] })
    },

    async version(request, response, boardId, seq) {
      await requireBoardAccess(request, log, boardId)
      const sealed = /^\d{1,15}$/.test(seq) ? await log.readHistoryVersion(boardId, Number(seq)) : null
      if (sealed === null) throw new HttpError(404, 'version_not_found', 'This board has no stored version with that number.')
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': sealed.byteLength, 'Cache-Control': 'no-store' })
      response.end(sealed)
    },
  }
}
