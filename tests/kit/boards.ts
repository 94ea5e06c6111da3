/**
 * Boards as the browser makes them, for tests, proofs and benches: the id
 * and secret drawn here, the keys derived from them, and the board created
 * over HTTP by the app's own client code (client/sync/createBoard.ts) —
 * the one way the kit creates a board on a server.
 */
import http from 'node:http'
import { createBoard as createBoardAsTheBrowserDoes, type NewBoard } from '../../client/sync/createBoard.ts'
import {
  deriveBoardKeys,
  generateBoardId,
  generateBoardSecret,
  hashAccessToken,
  openPayload,
  parseBoardSecret,
  sealPayload,
  toBase64Url,
} from '../../shared/crypto.ts'
import type { SealedKind } from '../../shared/protocol.ts'

/** A board with everything a client derives from its link: what the kit's clients need to join it and seal for it. */
export type TestBoard = NewBoard & {
  encryptionKey: CryptoKey
  accessToken: Uint8Array
  tokenHash: string
}

/** Where a server answers: its HTTP origin and its socket's URL. */
export type ServerAddress = { url: string; wsUrl: string }

/** Where a test client connects from: another loopback address, or headers a proxy would add. */
export type ClientAddress = { localAddress?: string; headers?: Record<string, string> }

/** The keys of a board whose id and secret are known (from a link, or just drawn). */
export async function boardWithKeys(board: NewBoard): Promise<TestBoard> {
  const { encryptionKey, accessToken } = await deriveBoardKeys(board.boardId, board.secret)
  return { ...board, encryptionKey, accessToken, tokenHash: await hashAccessToken(accessToken) }
}

/** A board's id, secret and keys, made as the browser makes them, on no server yet (its link has no origin). */
export function newBoardKeys(): Promise<TestBoard> {
  const boardId = generateBoardId()
  const secret = generateBoardSecret()
  return boardWithKeys({ boardId, secret, link: `/b/${boardId}#${toBase64Url(secret)}` })
}

/** The board an invite link opens, with its keys: what someone holding the link can do. */
export function boardFromLink(link: string): Promise<TestBoard> {
  const url = new URL(link)
  const boardId = url.pathname.split('/').at(-1)!
  const secret = parseBoardSecret(url.hash)
  if (secret === null) throw new Error(`no board secret in ${link}`)
  return boardWithKeys({ boardId, secret, link })
}

/**
 * Creates a board on `server` exactly as the browser does; `headers` add to
 * the request's (a proxy's X-Forwarded-For, say). Throws with the server's
 * answer when it is not 201.
 */
export async function createBoard(server: Pick<ServerAddress, 'url'>, headers: Record<string, string> = {}): Promise<TestBoard> {
  const withHeaders: typeof fetch = (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } })
  try {
    return await boardWithKeys(await createBoardAsTheBrowserDoes(server.url, withHeaders))
  } catch (error) {
    const detail = (error as { detail?: string }).detail
    throw detail === undefined ? error : new Error(`creating a board: ${detail}`)
  }
}

/** POST /api/boards with any body, for what the browser never sends; `headers` add to the request's. */
export function postBoard(server: Pick<ServerAddress, 'url'>, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export function deleteBoard(server: Pick<ServerAddress, 'url'>, boardId: string, accessToken: Uint8Array): Promise<Response> {
  return fetch(`${server.url}/api/boards/${boardId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${toBase64Url(accessToken)}` },
  })
}

export type Download = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** Downloads a stored version over HTTP from `localAddress` (fetch cannot choose its source address). */
export function downloadVersion(
  server: Pick<ServerAddress, 'url'>,
  board: TestBoard,
  seq: number,
  { localAddress }: ClientAddress = {},
): Promise<Download> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${server.url}/api/boards/${board.boardId}/history/${seq}`,
      { localAddress, headers: { authorization: `Bearer ${toBase64Url(board.accessToken)}` } },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
        response.on('error', reject)
      },
    )
    request.on('error', reject)
  })
}

/** `text` sealed for the board, as its devices seal a change. */
export function seal(
  board: Pick<TestBoard, 'boardId' | 'encryptionKey'>,
  text: string | Uint8Array,
  kind: SealedKind = 'update',
): Promise<Uint8Array> {
  const plaintext = typeof text === 'string' ? new TextEncoder().encode(text) : text
  return sealPayload(board.encryptionKey, board.boardId, kind, plaintext)
}

export async function unseal(
  board: Pick<TestBoard, 'boardId' | 'encryptionKey'>,
  sealed: Uint8Array,
  kind: SealedKind = 'update',
): Promise<string> {
  return new TextDecoder().decode(await openPayload(board.encryptionKey, board.boardId, kind, sealed))
}
