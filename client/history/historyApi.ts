/**
 * The board's history from the server: the list of stored versions and one
 * version, opened here with the board's key. The server holds them sealed
 * and cannot read them.
 */
import * as Y from 'yjs'
import { deriveBoardKeys, toBase64Url } from '../../shared/crypto.ts'
import { openSnapshot, type OpenedSnapshot, type SnapshotEnvelope } from '../../shared/signedEnvelope.ts'

export type HistoryVersion = { seq: number; coversSeq: number; createdAt: number; bytes: number }

/** Why the history could not be read, in words for people. */
export class HistoryError extends Error {
  constructor(
    readonly detail: string,
    message = 'The board’s history could not be reached just now. Try again in a moment.',
  ) {
    super(message)
    this.name = 'HistoryError'
  }
}

type Board = { boardId: string; secret: Uint8Array }

async function historyRequest(board: Board, path: string, origin: string, fetchImpl: typeof fetch): Promise<Response> {
  const { accessToken } = await deriveBoardKeys(board.boardId, board.secret)
  let response: Response
  try {
    response = await fetchImpl(`${origin}/api/boards/${encodeURIComponent(board.boardId)}/history${path}`, {
      headers: { authorization: `Bearer ${toBase64Url(accessToken)}` },
    })
  } catch (error) {
    throw new HistoryError(`network: ${(error as Error).message}`)
  }
  if (!response.ok) throw new HistoryError(`server answered ${response.status}: ${await response.text()}`)
  return response
}

/** Stored versions, newest first. */
export async function listVersions(
  board: Board,
  origin: string = location.origin,
  fetchImpl: typeof fetch = fetch,
): Promise<HistoryVersion[]> {
  const body = (await (await historyRequest(board, '', origin, fetchImpl)).json()) as { versions: HistoryVersion[] }
  return body.versions
}

/** One version as a document of its own, to look at or restore from. */
export async function readVersion(
  board: Board,
  seq: number,
  origin: string = location.origin,
  fetchImpl: typeof fetch = fetch,
): Promise<Y.Doc> {
  return (await openVersion(board, seq, origin, fetchImpl)).doc
}

/** One version, with the envelope its device signed it in (null: kept before signing), to check who kept it (versionProvenance.ts). */
export async function openVersion(
  board: Board,
  seq: number,
  origin: string = location.origin,
  fetchImpl: typeof fetch = fetch,
): Promise<{ doc: Y.Doc; signed: SnapshotEnvelope | null }> {
  const sealed = new Uint8Array(await (await historyRequest(board, `/${seq}`, origin, fetchImpl)).arrayBuffer())
  const { encryptionKey } = await deriveBoardKeys(board.boardId, board.secret)
  let opened: OpenedSnapshot
  try {
    opened = await openSnapshot(encryptionKey, board.boardId, sealed)
  } catch {
    throw new HistoryError(`version ${seq} failed authentication`, 'This version cannot be read: it was not sealed with this board’s key.')
  }
  const doc = new Y.Doc()
  Y.applyUpdate(doc, opened.state)
  return { doc, signed: opened.signed }
}
