/** A board made on the server under test as a browser makes one: its id and keys drawn here, the token's hash sent. */
import { deriveBoardKeys, generateBoardId, generateBoardSecret, hashAccessToken } from '../shared/crypto.ts'

export type ServerBoard = { boardId: string; accessToken: Uint8Array; encryptionKey: CryptoKey }

export async function createBoardOnServer(httpUrl: string): Promise<ServerBoard> {
  const boardId = generateBoardId()
  const { accessToken, encryptionKey } = await deriveBoardKeys(boardId, generateBoardSecret())
  const response = await fetch(`${httpUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ boardId, tokenHash: await hashAccessToken(accessToken) }),
  })
  if (response.status !== 201) throw new Error(`creating a board answered ${response.status}: ${await response.text()}`)
  return { boardId, accessToken, encryptionKey }
}
