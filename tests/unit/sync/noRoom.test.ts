/**
 * When the server has no room (docs/protocol.md, "Limits": the board or the
 * server is full): the refusal is calm and not final. The change goes with a
 * snapshot that may make room; when that finds none, the change is held on
 * the device, the board says so, and nothing is sent again until a snapshot
 * stored on the board may have made room, or the connection starts afresh.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, RejectReason } from '../../../shared/protocol.ts'
import { until } from '../../kit/waits.ts'
import { connectedClient, noteUpdate, type TestClient } from '../../kit/scriptedServer.ts'

const notes = (doc: Y.Doc) => doc.getArray('notes').toArray()

/** The server refuses the latest push for want of room, then the snapshot that carries it: the change is held. */
async function refusedTwice(client: TestClient, reason: RejectReason) {
  const pushes = client.socket.sentOf('pushUpdate')
  const [snapshotsBefore, partsBefore] = [client.socket.sentOf('beginSnapshot').length, client.socket.sentOf('snapshotPart').length]
  client.socket.serverSays({ tag: 'reject', ref: pushes.at(-1)!.ref, reason })
  const begin = (await client.sentFrames('beginSnapshot', snapshotsBefore + 1)).at(-1)
  expect(begin).toMatchObject({ carriesChanges: true })
  await client.sentFrames('snapshotPart', partsBefore + begin!.partCount)
  client.socket.serverSays({ tag: 'reject', ref: begin!.ref, reason })
  await until(() => client.tracker.state === 'full', 'the full state')
}

/** A client on a board whose log holds one entry, whose change `held` the server refused for want of room, twice. */
async function clientHoldingAChange(reason: RejectReason) {
  const client = await connectedClient()
  await client.replay([await client.entry(1, noteUpdate('from the log'))], 1)
  client.doc.getArray('notes').push(['held'])
  await client.sentFrames('pushUpdate')
  await refusedTwice(client, reason)
  return client
}

/** What was sent on the latest socket, counted by kind. */
const sentCounts = (client: TestClient) => ({
  pushes: client.socket.sentOf('pushUpdate').length,
  snapshots: client.socket.sentOf('beginSnapshot').length,
})

describe('a board with no room', () => {
  it('holds a change the full board refused, even in a snapshot, says so calmly, and sends nothing more into the refusal', async () => {
    const client = await clientHoldingAChange(RejectReason.boardFull)
    expect(client.tracker.noRoom).toBe('board-full')

    // More changes wait with it; none is sent, and the socket stays open.
    const before = sentCounts(client)
    for (const text of ['more', 'and more']) {
      client.doc.getArray('notes').push([text])
      await client.outboxDrained()
    }
    expect(sentCounts(client)).toEqual(before)
    expect(client.socket.closedWith).toBeNull()
    expect(client.tracker.state).toBe('full')
    expect(client.tracker.pending).toBeGreaterThan(0)
  })

  it('sends the held changes again, once and together, when a snapshot stored on the board may have made room; Saved follows the ack', async () => {
    const client = await clientHoldingAChange(RejectReason.boardFull)
    client.doc.getArray('notes').push(['held too'])
    const before = sentCounts(client)

    // Another device's snapshot is stored (it covered a long tail, say).
    client.socket.serverSays({ tag: 'snapshotStored', seq: 2, coversSeq: 1 })
    const pushes = await client.sentFrames('pushUpdate', before.pushes + 1)
    expect(pushes).toHaveLength(before.pushes + 1)
    const retried = applied(client.mirror.encodeState())
    Y.applyUpdate(retried, await client.open('update', pushes.at(-1)!.sealed))
    expect(notes(retried).sort()).toEqual(['from the log', 'held', 'held too'])

    client.socket.serverSays({ tag: 'ack', ref: pushes.at(-1)!.ref, seq: 3 })
    await until(() => client.tracker.state === 'saved', 'Saved')
    expect(client.tracker.noRoom).toBeNull()
    expect(notes(client.mirror.doc).sort()).toEqual(['from the log', 'held', 'held too'])
  })

  it('refused again after a stored snapshot, the changes are held again until the next chance, not resent in a loop', async () => {
    const client = await clientHoldingAChange(RejectReason.storageFull)
    client.socket.serverSays({ tag: 'snapshotStored', seq: 2, coversSeq: 1 })
    await client.sentFrames('pushUpdate', 2)
    await refusedTwice(client, RejectReason.storageFull)
    const before = sentCounts(client)
    await client.outboxDrained()
    expect(sentCounts(client)).toEqual(before)
    expect(before).toEqual({ pushes: 2, snapshots: 2 })
    expect(client.tracker.noRoom).toBe('storage-full')
  })

  it('a new connection offers the held changes once more, and the state follows what this one answers', async () => {
    const client = await clientHoldingAChange(RejectReason.boardFull)
    const count = client.sockets.length
    client.socket.serverCloses(CloseCode.overloaded)
    await until(() => client.sockets.length > count && client.socket.sentOf('hello').length === 1, 'a reconnect')
    await client.replay([], 1, 1)
    const [push] = await client.sentFrames('pushUpdate')
    const retried = applied(client.mirror.encodeState())
    Y.applyUpdate(retried, await client.open('update', push!.sealed))
    expect(notes(retried).sort()).toEqual(['from the log', 'held'])
    client.socket.serverSays({ tag: 'ack', ref: push!.ref, seq: 2 })
    await until(() => client.tracker.state === 'saved', 'Saved')
  })
})

function applied(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc
}
