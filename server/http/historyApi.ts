/**
 * The board's history over HTTP, for those holding its link: the list of
 * stored versions (snapshots) and one version's sealed bytes. The server
 * cannot read a version; the browser decrypts it to show it.
 *
 *   GET /api/boards/:id/history          → { versions: [{ seq, coversSeq, createdAt, bytes }] }, newest first
 *   GET /api/boards/:id/history/:seq     → the sealed snapshot, application/octet-stream
 *
 * A version is sent part by part as the client takes it (versionDownload.ts),
 * counted against the client address's reader budget: past it, 429
 * too_many_downloads with Retry-After.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ReaderBudget } from '../common/readerBudget.ts'
import type { BoardLog } from '../log/types.ts'
import { requireBoardAccess } from './boardAccess.ts'
import { clientAddressKey } from './clientAddress.ts'
import { HttpError, sendJson } from './responses.ts'
import type { TrustedProxies } from './trustedProxies.ts'
import { sendVersion } from './versionDownload.ts'

export type HistoryApi = {
  list(request: IncomingMessage, response: ServerResponse, boardId: string): Promise<void>
  version(request: IncomingMessage, response: ServerResponse, boardId: string, seq: string): Promise<void>
}

/**
 * What downloads may hold: the readers' budget shared with the relay's replays, how long a reader
 * may take nothing, and the proxies whose forwarded address says whose budget it is.
 */
export type DownloadLimits = { readers: ReaderBudget; readerStallMs: number; trustedProxies: TrustedProxies }

export function createHistoryApi(log: BoardLog, { readers, readerStallMs, trustedProxies }: DownloadLimits): HistoryApi {
  return {
    async list(request, response, boardId) {
      await requireBoardAccess(request, log, boardId)
      sendJson(response, 200, { versions: (await log.listHistory(boardId)) ?? [] })
    },

    async version(request, response, boardId, seq) {
      await requireBoardAccess(request, log, boardId)
      const size = /^\d{1,15}$/.test(seq) ? await log.snapshotSize(boardId, Number(seq)) : null
      if (size === null) throw new HttpError(404, 'version_not_found', 'This board has no stored version with that number.')
      const account = readers.open(clientAddressKey(request, trustedProxies))
      await sendVersion(response, { log, boardId, seq: Number(seq), size }, account, readerStallMs)
    },
  }
}
