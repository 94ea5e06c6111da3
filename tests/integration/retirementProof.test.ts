/**
 * Wipes need proof: a device forgets a board only when the note left with
 * the board's tombstone carries a 'retire' claim signed by a device it
 * believes, of the person the note names. The note crosses the wire sealed
 * (the server keeps it and hands it on); what the server says alone — a
 * bare 4410 — or a note a link holder wrote for someone else, proves
 * nothing. Real server, real sockets, the app's own client and its own
 * proof check (client/safety/retirementProof.ts).
 */
import { describe, expect, it } from 'vitest'
import { BoardTrust } from '../../client/core/boardTrust.svelte.ts'
import { devicesMap, registerDevice } from '../../client/core/devices.ts'
import type { Pins } from '../../client/core/deviceTrust.ts'
import { makeRetirementNote } from '../../client/safety/retirementNote.ts'
import { proveRetirement } from '../../client/safety/retirementProof.ts'
import { deleteBoardForEveryone } from '../../client/sync/deleteBoard.ts'
import { generateSigningKeyPair, signerOf } from '../../shared/signing.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { createBoard, deleteBoard, type TestBoard } from '../kit/boards.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState, type SyncClient } from '../kit/syncClient.ts'
import { until } from '../kit/waits.ts'

const alex = { personId: 'p-alex', name: 'Alex', role: 'partner' as const, color: '#b86a5c' }
const sam = { personId: 'p-sam', name: 'Sam', role: 'partner' as const, color: '#5c7ab8' }

/** A device of `person` on the board: its own client, signer, key on the board, and what it believes. */
async function deviceOf(server: Awaited<ReturnType<typeof newServer>>['server'], board: TestBoard, person: typeof alex, deviceId: string) {
  const client = syncClient(server, board)
  const signer = signerOf(deviceId, await generateSigningKeyPair())
  await waitForState(client, 'saved')
  await registerDevice(client.doc, board.boardId, signer, person.personId, Date.now())
  let pins: Pins | null = null
  const trust = new BoardTrust({
    boardId: board.boardId,
    doc: client.doc,
    signer: Promise.resolve(signer),
    pins: { load: async () => pins, save: async (next) => void (pins = next) },
    linkFingerprint: null,
  })
  return { client, signer, trust }
}

/** What the device's own check says of the note it was handed with the close. */
function proofOn(device: { client: SyncClient; trust: BoardTrust }, board: TestBoard) {
  return proveRetirement(device.trust, board.boardId, 'deleted', device.client.tracker.retirementNote, (id) =>
    id === alex.personId ? 'Alex' : null,
  )
}

async function aCouple() {
  const { server } = await newServer()
  const board = await createBoard(server)
  const alexsPhone = await deviceOf(server, board, alex, 'd-alex')
  const samsPhone = await deviceOf(server, board, sam, 'd-sam')
  // Each phone holds the other's key before anything is retired.
  await until(() => expect(devicesMap(samsPhone.client.doc).has('d-alex')).toBe(true))
  await until(() => expect(devicesMap(alexsPhone.client.doc).has('d-sam')).toBe(true))
  return { server, board, alexsPhone, samsPhone }
}

async function closedAsDeleted(device: { client: SyncClient }) {
  await until(() => expect(device.client.tracker.closedCode).toBe(CloseCode.boardGone))
}

describe('a deletion is proven only by the signature of someone on the board', () => {
  it('a bare 4410 (the board deleted with the token, no note) proves nothing on the phone', async () => {
    const { server, board, samsPhone } = await aCouple()
    expect((await deleteBoard(server, board.boardId, board.accessToken)).status).toBe(204)
    await closedAsDeleted(samsPhone)
    expect(samsPhone.client.tracker.retirementNote).toBeNull()
    expect(await proofOn(samsPhone, board)).toEqual({ state: 'unproven', said: null })
  })

  it('a deletion Alex signed verifies on Sam’s phone as Alex’s, crossing the wire sealed with the tombstone', async () => {
    const { server, board, alexsPhone, samsPhone } = await aCouple()
    const note = await makeRetirementNote(alex, board.boardId, 'deleted', Date.now(), alexsPhone.signer)
    expect(await deleteBoardForEveryone(board.boardId, board.secret, note, server.url)).toBe('deleted')
    await closedAsDeleted(samsPhone)
    await until(() => expect(samsPhone.client.tracker.retirementNote).toEqual(note))
    expect(await proofOn(samsPhone, board)).toMatchObject({ state: 'signed', personId: 'p-alex', by: { name: 'Alex', at: note.at } })
  })

  it('a note a link holder wrote in Alex’s name does not verify: unsigned, signed by another key, or Alex’s signature over another time', async () => {
    const { server, board, alexsPhone, samsPhone } = await aCouple()
    const linkHolder = signerOf('d-alex', await generateSigningKeyPair())
    const at = Date.now()
    const genuine = await makeRetirementNote(alex, board.boardId, 'deleted', at, alexsPhone.signer)
    const forgeries = [
      await makeRetirementNote(alex, board.boardId, 'deleted', at, null),
      await makeRetirementNote(alex, board.boardId, 'deleted', at, linkHolder),
      { ...genuine, at: at - 60_000 },
      // Sam's own device signing a note naming Alex: a real key, but not Alex's.
      await makeRetirementNote(alex, board.boardId, 'deleted', at, samsPhone.signer),
    ]
    for (const forged of forgeries) {
      const verdict = await proveRetirement(samsPhone.trust, board.boardId, 'deleted', forged, () => 'Alex')
      expect(verdict.state).toBe('unproven')
    }
    // The last forgery crosses the wire like any note: the phone told of it still finds no proof in it.
    await deleteBoardForEveryone(board.boardId, board.secret, forgeries[3], server.url)
    await closedAsDeleted(samsPhone)
    await until(() => expect(samsPhone.client.tracker.retirementNote).toEqual(forgeries[3]))
    expect((await proofOn(samsPhone, board)).state).toBe('unproven')
  })
})
