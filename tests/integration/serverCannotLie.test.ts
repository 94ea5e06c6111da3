/**
 * A server (or a link holder) that withholds, rolls back or doctors a board
 * is noticed by the devices that hold the signed changes, with the app's own
 * sync client in Node over the real server. The stated time is LAG_MS (10 s),
 * so these tests wait for real.
 */
import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { LAG_MS } from '../../client/sync/boardWitness.ts'
import { boardWithKeys, createBoard, seal } from '../kit/boards.ts'
import { LyingServer } from '../kit/lyingServer.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { newServer } from '../kit/newServer.ts'
import { signedClient } from '../kit/signedClient.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { until } from '../kit/waits.ts'

/** The stated time, and the few seconds heads take to be refreshed and to reach the other device. */
const NAMED_WITHIN = LAG_MS + 6000

describe('a server that cannot lie unnoticed', { timeout: 60_000 }, () => {
  test('changes withheld from one device are named there within the stated time, and the notice goes once they arrive', async () => {
    const server = await newServer()
    const board = await createBoard(server)
    const alex = await signedClient(server, board, 'alex')
    const liar = new LyingServer(board)
    const sam = await signedClient(server, board, 'sam', liar.WebSocketImpl)
    await until(() => sam.witness.peerHeads.has(alex.signer.deviceId), { timeoutMs: 10_000, what: "Alex's heads on Sam's device" })

    liar.withholdChangesOf(alex.signer.deviceId)
    const writtenAt = Date.now()
    alex.notes.push(['kept from Sam'])
    await until(() => liar.held.length > 0, "Alex's change held back")
    expect(sam.witness.behind).toEqual([])

    await until(() => sam.witness.behind.some((device) => device.personId === 'alex'), { timeoutMs: NAMED_WITHIN, what: 'the notice' })
    const namedAfter = Date.now() - writtenAt
    expect(namedAfter).toBeGreaterThanOrEqual(LAG_MS)
    expect(namedAfter).toBeLessThan(NAMED_WITHIN)
    expect(sam.notes.toArray()).not.toContain('kept from Sam')
    // Saved keeps its meaning: Sam's own changes are all stored.
    expect(sam.tracker.state).toBe('saved')

    liar.release()
    await until(() => sam.witness.behind.length === 0, { timeoutMs: 5000, what: 'the notice to go' })
    expect(sam.notes.toArray()).toContain('kept from Sam')
    // And Alex's device confirms having seen all of Sam's.
    await until(() => sam.witness.seenBy.some((device) => device.personId === 'alex'), { timeoutMs: 10_000, what: 'Seen by Alex' })
  })

  test('a doctored snapshot from a link holder: the device online keeps its state, a device joining afterwards is warned, then sent what is missing', async () => {
    const server = await newServer()
    const board = await createBoard(server)
    const alice = await signedClient(server, board, 'alice')
    alice.notes.push(['first'])
    await waitForState(alice, 'saved')

    // Someone with the link reads the board now, and keeps the copy.
    const reader = syncClient(server, board)
    await waitForState(reader, 'saved')
    await until(() => reader.notes.length === 1)
    const oldCopy = Y.encodeStateAsUpdate(reader.doc)
    reader.destroy()

    alice.notes.push(['second'])
    await waitForState(alice, 'saved')

    // Later they post the old copy as the board's snapshot, covering everything.
    const keyed = await boardWithKeys(board)
    const { client, headSeq } = await joinBoard(server, keyed)
    const sealed = await seal(keyed, oldCopy, 'snapshot')
    client.send({ tag: 'beginSnapshot', ref: 1, coversSeq: headSeq, partCount: 1, carriesChanges: false, keepSeqs: [] })
    client.send({ tag: 'snapshotPart', ref: 1, index: 0, bytes: sealed })
    expect((await client.waitForAnswer(1)).tag).toBe('ack')
    client.close()

    // The device that holds the newer signed change keeps it.
    expect(alice.notes.toArray()).toEqual(['first', 'second'])

    // A therapist joins while Alice is online: the server gives them the doctored copy, and Alice's heads say so.
    const tess = await signedClient(server, board, 'tess')
    expect(tess.notes.toArray()).toEqual(['first'])
    await until(() => tess.witness.behind.some((device) => device.personId === 'alice'), { timeoutMs: NAMED_WITHIN, what: 'the warning' })
    expect(tess.notes.toArray()).toEqual(['first'])

    // Alice's device sees the therapist's copy lacks what the log held, and sends it again.
    await until(() => tess.notes.toArray().includes('second'), { timeoutMs: NAMED_WITHIN, what: 'the missing change to arrive' })
    await until(() => tess.witness.behind.length === 0, { timeoutMs: 5000, what: 'the warning to go' })
    expect(alice.notes.toArray()).toEqual(['first', 'second'])
  })

  test('an older snapshot served as the latest: the device is not rolled back and says so; a newcomer is warned by the device online', async () => {
    const server = await newServer()
    const board = await createBoard(server)
    const alex = await signedClient(server, board, 'alex')
    const liar = new LyingServer(board)
    const sam = await signedClient(server, board, 'sam', liar.WebSocketImpl)
    sam.notes.push(['one'])
    await waitForState(sam, 'saved')
    await sam.requestHistoryPoint()
    const older = liar.postedSnapshots.at(-1)!
    expect(older).toBeDefined()
    alex.notes.push(['two'])
    await waitForState(alex, 'saved')
    await until(() => sam.notes.length === 2)

    // Sam reconnects, and the server serves the older snapshot as the whole board.
    liar.serveOlderCopyNext(older)
    liar.dropConnection()
    await until(() => sam.witness.rollback === 'older-log', { timeoutMs: 10_000, what: 'the rollback to be named' })
    expect(sam.notes.toArray()).toEqual(['one', 'two'])
    await waitForState(sam, 'saved')
    sam.destroy()

    // A newcomer is served the older snapshot too, and Alex's changes are kept from them.
    const toTess = new LyingServer(board)
    toTess.serveOlderCopyNext(older)
    toTess.withholdChangesOf(alex.signer.deviceId)
    const tess = await signedClient(server, board, 'tess', toTess.WebSocketImpl)
    expect(tess.notes.toArray()).toEqual(['one'])
    await until(() => tess.witness.behind.some((device) => device.personId === 'alex'), { timeoutMs: NAMED_WITHIN, what: 'the warning' })
    expect(alex.notes.toArray()).toEqual(['one', 'two'])
  })
})
