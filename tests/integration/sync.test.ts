/**
 * The sync layer end to end in Node: y-websocket's provider over the
 * encrypting transport, against the real server on port 0 with a real
 * SQLite file. Each test is named after the rule of docs/design.md it checks.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ClientLimits } from '../../client/sync/clientLimits.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { countStoredUpdates } from '../kit/storedLog.ts'
import { createBoard } from '../kit/boards.ts'
import { until } from '../kit/waits.ts'

describe('sync through the encrypting transport', () => {
  it('two clients on one board converge', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const alice = syncClient(server, board)
    const bob = syncClient(server, board)
    await Promise.all([waitForState(alice, 'saved'), waitForState(bob, 'saved')])

    alice.notes.push(['I felt alone last week'])
    bob.notes.push(['I need us to talk on Sundays'])
    await until(() => {
      expect(alice.notes.length).toBe(2)
      expect(bob.notes.toArray().sort()).toEqual(alice.notes.toArray().sort())
    })
  })

  it('says Saving… until the server acknowledges the change as durable, then Saved', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const alice = syncClient(server, board)
    await waitForState(alice, 'saved')

    alice.notes.push(['one change'])
    expect(alice.tracker.state).toBe('saving')
    await waitForState(alice, 'saved')

    const late = syncClient(server, board)
    await until(() => expect(late.notes.toArray()).toEqual(['one change']))
  })

  it('delivers edits made while the server was down once it is back', async () => {
    const { server, restart } = await newServer()
    const board = await createBoard(server)
    const alice = syncClient(server, board)
    const bob = syncClient(server, board)
    await Promise.all([waitForState(alice, 'saved'), waitForState(bob, 'saved')])

    await server.close()
    await waitForState(alice, 'offline')
    alice.notes.push(['written while offline'])
    expect(alice.tracker.state).toBe('offline')

    await restart()
    await until(() => expect(bob.notes.toArray()).toEqual(['written while offline']), { timeoutMs: 10_000 })
    await waitForState(alice, 'saved', 10_000)
  })

  it('a device that was offline for a long time sends what the log lacks when it connects', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const alice = syncClient(server, board)
    alice.notes.push(['before the trip'])
    await waitForState(alice, 'saved')

    // The phone kept the board on the device (as IndexedDB would) and went on editing with no connection.
    const phoneDoc = new Y.Doc()
    Y.applyUpdate(phoneDoc, Y.encodeStateAsUpdate(alice.doc))
    phoneDoc.getArray<string>('notes').push(['on the train, no signal'])
    alice.notes.push(['at home, meanwhile'])
    await waitForState(alice, 'saved')

    const phone = syncClient(server, board, phoneDoc)
    await waitForState(phone, 'saved')
    const expected = ['before the trip', 'on the train, no signal', 'at home, meanwhile'].sort()
    await until(() => {
      expect(phone.notes.toArray().sort()).toEqual(expected)
      expect(alice.notes.toArray().sort()).toEqual(expected)
    })
  })

  it('posts a snapshot once the tail passes the threshold; the log shrinks and a fresh client still gets everything', async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const alice = syncClient(server, board)
    await waitForState(alice, 'saved')

    // Each note is its own frame (one per turn of the event loop), as edits are in use; together they pass the byte threshold.
    const note = 'a long reflection, '.repeat(60)
    const count = Math.ceil(ClientLimits.snapshotAfterBytes / note.length) + 20
    for (let i = 0; i < count; i++) {
      alice.notes.push([`${i}: ${note}`])
      await new Promise((resolve) => setImmediate(resolve))
    }
    await waitForState(alice, 'saved', 20_000)
    await until(() => expect(countStoredUpdates(dataDir, board.boardId)).toBeLessThan(count), { timeoutMs: 10_000 })

    const fresh = syncClient(server, board)
    await until(() => expect(fresh.notes.length).toBe(count), { timeoutMs: 10_000 })
    expect(fresh.notes.get(count - 1)).toBe(`${count - 1}: ${note}`)
  })

  it('a wrong link is refused for good, with a reason, and is not retried', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const wrongSecret = crypto.getRandomValues(new Uint8Array(32))
    const intruder = syncClient(server, { ...board, secret: wrongSecret })
    await waitForState(intruder, 'closed')
    expect(intruder.tracker.closedReason).toMatch(/no longer opens this board/)
    expect(intruder.provider.shouldConnect).toBe(false)
    expect(intruder.doc.getArray('notes').length).toBe(0)
  })

  it('a board deleted by anyone with the link closes every open screen for good', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const alice = syncClient(server, board)
    await waitForState(alice, 'saved')
    const { deriveBoardKeys, toBase64Url } = await import('../../shared/crypto.ts')
    const { accessToken } = await deriveBoardKeys(board.boardId, board.secret)
    const response = await fetch(`${server.url}/api/boards/${board.boardId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${toBase64Url(accessToken)}` },
    })
    expect(response.status).toBe(204)
    await waitForState(alice, 'closed')
    expect(alice.tracker.closedReason).toBe('This board was deleted.')
  })

  it('estimates the server clock from pings', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const alice = syncClient(server, board)
    await waitForState(alice, 'saved')
    await until(() => expect(alice.clock.uncertainty).toBeLessThan(50))
    // Same machine, same clock: the estimate must be within the measured uncertainty plus scheduling noise.
    expect(Math.abs(alice.clock.offset)).toBeLessThan(alice.clock.uncertainty + 20)
  })
})
