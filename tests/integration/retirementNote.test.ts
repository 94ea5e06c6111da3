/**
 * Who deleted or moved a board, told to every other device: the acting
 * device's note, sealed under the board key, kept by the server with the
 * tombstone and handed on in the `retired` frame, to the devices connected
 * then and to any that arrives later. Real server, real sockets, the real
 * client code (client/sync/deleteBoard.ts, moveBoard.ts, transport.ts).
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { deleteBoardForEveryone } from '../../client/sync/deleteBoard.ts'
import { moveBoard } from '../../client/sync/moveBoard.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'
import { sealPayload, toBase64Url } from '../../shared/crypto.ts'
import { CloseCode, Limits, SEAL_OVERHEAD_BYTES } from '../../shared/protocol.ts'
import { createBoard, deleteBoard, type ServerAddress, type TestBoard } from '../kit/boards.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState, type SyncClient } from '../kit/syncClient.ts'
import { until } from '../kit/waits.ts'

const maya = { v: 1, kind: 'deleted', by: 'person-maya', name: 'Maya', at: Date.UTC(2026, 11, 7, 18, 41) }

/** A device that opens the board now is closed with `code` and told `note`. */
async function arrive(server: ServerAddress, board: TestBoard, code: number, note: unknown) {
  const late = syncClient(server, board)
  await toldOf(late, code, note)
}

/** The device was closed with `code` and holds `note` (read with the close, just before or after it). */
async function toldOf(device: SyncClient, code: number, note: unknown) {
  await until(() => expect(device.tracker.closedCode).toBe(code))
  await until(() => expect(device.tracker.retirementNote).toEqual(note))
}

/** DELETE leaving `sealed` as the note, as any client could send it. */
function deleteWithNote(server: ServerAddress, board: TestBoard, sealed: Uint8Array): Promise<Response> {
  return fetch(`${server.url}/api/boards/${board.boardId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${toBase64Url(board.accessToken)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ note: toBase64Url(sealed) }),
  })
}

/** Maya's note padded so that, sealed for `board`, it is exactly `size` bytes. */
function sealedNoteOf(board: TestBoard, size: number): Promise<Uint8Array> {
  const bare = JSON.stringify({ ...maya, pad: '' })
  const plaintext = new TextEncoder().encode(JSON.stringify({ ...maya, pad: 'x'.repeat(size - SEAL_OVERHEAD_BYTES - bare.length) }))
  return sealPayload(board.encryptionKey, board.boardId, 'retirementNote', plaintext)
}

describe('the note left with a deleted or moved board', () => {
  it('reaches the devices on the board when it is deleted, and a device that was offline then and opens it later', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const jordan = syncClient(server, board)
    const drLee = syncClient(server, board)
    await Promise.all([waitForState(jordan, 'saved'), waitForState(drLee, 'saved')])

    expect(await deleteBoardForEveryone(board.boardId, board.secret, maya, server.url)).toBe('deleted')
    for (const device of [jordan, drLee]) await toldOf(device, CloseCode.boardGone, maya)
    // Kept with the tombstone: a phone that was away during the delete is told the same when it comes back.
    await arrive(server, board, CloseCode.boardGone, maya)
  })

  it('survives a restart of the server: the tombstone keeps it in the database', async () => {
    const first = await newServer()
    const board = await createBoard(first.server)
    await deleteBoardForEveryone(board.boardId, board.secret, maya, first.server.url)
    const again = await first.restart()
    await arrive(again, board, CloseCode.boardGone, maya)
  })

  it('reaches the devices left on the old link when the board is moved, naming who moved it', async () => {
    const { server } = await newServer()
    const old = await createBoard(server)
    const mover = syncClient(server, old)
    const partner = syncClient(server, old)
    mover.notes.push(['kept'])
    await Promise.all([waitForState(mover, 'saved'), waitForState(partner, 'saved')])
    const moved = { ...maya, kind: 'moved' }
    await moveBoard(
      { boardId: old.boardId, secret: old.secret, doc: mover.doc },
      {
        origin: server.url,
        socketUrl: server.wsUrl,
        WebSocketImpl: WebSocket as unknown as SocketConstructor,
        beforeRetiring: async () => {},
        note: moved,
      },
    )
    await toldOf(partner, CloseCode.boardMoved, moved)
    await arrive(server, old, CloseCode.boardMoved, moved)
  })

  it('a board deleted without a note (an older client) still closes on every device, naming nobody', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const device = syncClient(server, board)
    await waitForState(device, 'saved')
    expect((await deleteBoard(server, board.boardId, board.accessToken)).status).toBe(204)
    await toldOf(device, CloseCode.boardGone, null)
    await arrive(server, board, CloseCode.boardGone, null)
  })

  it('is bounded: a note past the cap is refused with a clear error and the board is left as it was; one at the cap is kept', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const tooLarge = await deleteWithNote(server, board, await sealedNoteOf(board, Limits.maxRetirementNoteBytes + 1))
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.json()).toMatchObject({ error: { code: 'note_too_large' } })
    const device = syncClient(server, board)
    await waitForState(device, 'saved')

    const atTheCap = await sealedNoteOf(board, Limits.maxRetirementNoteBytes)
    expect(atTheCap.length).toBe(Limits.maxRetirementNoteBytes)
    expect((await deleteWithNote(server, board, atTheCap)).status).toBe(204)
    await until(() => expect(device.tracker.closedCode).toBe(CloseCode.boardGone))
    await until(() => expect(device.tracker.retirementNote).toMatchObject(maya))
  })

  it('a note sealed for another board, or as another kind, opens on no device: the server cannot forge one', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const other = await createBoard(server)
    const text = new TextEncoder().encode(JSON.stringify(maya))
    const forIt = [
      await sealPayload(other.encryptionKey, other.boardId, 'retirementNote', text),
      await sealPayload(board.encryptionKey, board.boardId, 'update', text),
    ]
    for (const [i, sealed] of forIt.entries()) {
      const target = i === 0 ? board : await createBoard(server)
      expect((await deleteWithNote(server, target, sealed)).status).toBe(204)
      await arrive(server, target, CloseCode.boardGone, null)
    }
  })
})
