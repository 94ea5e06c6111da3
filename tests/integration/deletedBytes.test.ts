/**
 * A deleted board's bytes leave the data directory (SECURITY.md "Deleting a
 * board"): secure_delete zeroes what the deletion frees in the database
 * file, and a checkpoint after the deletion empties the WAL, which still
 * held every page the board was ever written to. The test stores random
 * bytes it keeps as the board's "ciphertext" (the server cannot tell), then
 * searches every file byte for byte.
 */
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { newServer } from '../kit/newServer.ts'
import { toBase64Url } from '../../shared/crypto.ts'
import { createBoard, deleteBoard, type TestBoard } from '../kit/boards.ts'
import { joinBoard, type RawClient } from '../kit/rawClient.ts'

type Address = { url: string; wsUrl: string }

/** Small updates sit whole in a b-tree page; the snapshot's parts spill over several overflow pages. */
const UPDATE_BYTES = 600
const PART_BYTES = 40 * 1024

/**
 * Fills a board with updates, a snapshot of two parts and updates after it; returns what is still
 * stored at the end (the snapshot replaces the updates it covers).
 */
async function fillBoard(server: Address, board: TestBoard): Promise<{ stored: Uint8Array[]; replaced: Uint8Array[] }> {
  const { client } = await joinBoard(server, board)
  const push = async (client: RawClient, ref: number) => {
    const sealed = randomBytes(UPDATE_BYTES)
    await client.pushUpdate(ref, sealed)
    return sealed
  }
  const covered = [await push(client, 1), await push(client, 2), await push(client, 3)]
  const parts = [randomBytes(PART_BYTES), randomBytes(PART_BYTES)]
  client.send({ tag: 'beginSnapshot', ref: 4, coversSeq: 3, partCount: 2, carriesChanges: false, keepSeqs: [] })
  parts.forEach((bytes, index) => client.send({ tag: 'snapshotPart', ref: 4, index, bytes }))
  await client.waitFor('ack', (ack) => ack.ref === 4)
  const tail = [await push(client, 5), await push(client, 6)]
  client.close()
  return { stored: [...parts, ...tail], replaced: covered }
}

/** Distinctive 32-byte pieces of a blob, spread over it: one that straddles a page boundary is not found whole, the others are. */
function piecesOf(blob: Uint8Array): Buffer[] {
  return [0.1, 0.4, 0.7, 0.95].map((at) => {
    const start = Math.floor((blob.length - 32) * at)
    return Buffer.from(blob.subarray(start, start + 32))
  })
}

/** Every byte of every file in the data directory: the database, its -wal and -shm, anything else. */
function everyFile(dataDir: string): Buffer[] {
  return fs.readdirSync(dataDir).map((name) => fs.readFileSync(path.join(dataDir, name)))
}

/** As the client's "Delete for everyone" does, or its "Move to a new link" once the copy is made. */
const retire = {
  deleted: (server: Address, board: TestBoard) => deleteBoard(server, board.boardId, board.accessToken),
  moved: (server: Address, board: TestBoard) =>
    fetch(`${server.url}/api/boards/${board.boardId}/moved`, {
      method: 'POST',
      headers: { authorization: `Bearer ${toBase64Url(board.accessToken)}` },
    }),
}

describe("a deleted or moved board's bytes", () => {
  it.each(['deleted', 'moved'] as const)(
    'are in no file of the data directory once the board is %s, while a board still there is found',
    async (how) => {
      const { server, dataDir } = await newServer()
      const retired = await createBoard(server)
      const kept = await createBoard(server)
      const gone = await fillBoard(server, retired)
      const stays = await fillBoard(server, kept)
      const found = (piece: Buffer) => everyFile(dataDir).some((file) => file.includes(piece))

      // Before: the search finds what was stored.
      for (const blob of gone.stored) expect(piecesOf(blob).some(found)).toBe(true)

      expect((await retire[how](server, retired)).status).toBe(204)

      for (const blob of [...gone.stored, ...gone.replaced]) {
        for (const piece of piecesOf(blob)) expect(found(piece), `a piece of the retired board at ${piece.toString('hex')}`).toBe(false)
      }
      for (const blob of stays.stored) expect(piecesOf(blob).some(found), 'a piece of the board still there').toBe(true)
    },
  )
})
