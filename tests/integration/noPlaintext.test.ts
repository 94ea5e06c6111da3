/**
 * "The server stores ciphertext and hashes only" (docs/design.md, Privacy): the
 * bytes of the SQLite file hold no plaintext and no access token, only the
 * token's hash.
 */
import { describe, expect, it } from 'vitest'
import { toBase64Url } from '../../shared/crypto.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, seal } from '../kit/boards.ts'
import { joinBoard, postSnapshot } from '../kit/rawClient.ts'
import { readStoredBytes } from '../kit/storedLog.ts'

describe('what the server stores', () => {
  it('the SQLite file and its WAL contain no plaintext and no access token, only the token hash', async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const marker = `PLAINTEXT-MARKER-${crypto.randomUUID()}`
    const { client } = await joinBoard(server, board)
    for (let ref = 1; ref <= 20; ref++) await client.pushUpdate(ref, await seal(board, `${marker} card ${ref}`))
    await postSnapshot(client, board, 21, `${marker} whole board`, { coversSeq: 10 })
    client.send({ tag: 'pushAwareness', sealed: await seal(board, `${marker} is typing`, 'awareness') })

    const forbidden = [marker, toBase64Url(board.accessToken), toBase64Url(board.secret)]
    const expectOnlyCiphertext = (bytes: Buffer) => {
      for (const text of forbidden) expect(bytes.includes(text)).toBe(false)
      expect(bytes.includes(Buffer.from(board.accessToken))).toBe(false)
      expect(bytes.includes(board.tokenHash)).toBe(true)
    }
    expectOnlyCiphertext(readStoredBytes(dataDir)) // while running: main file and WAL
    await server.close()
    expectOnlyCiphertext(readStoredBytes(dataDir)) // after the checkpoint on close
  })
})
