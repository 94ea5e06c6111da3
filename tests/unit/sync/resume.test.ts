import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, PROTOCOL_VERSION } from '../../../shared/protocol.ts'
import { until } from '../../kit/waits.ts'
import { connectedClient, noteUpdate, type TestClient } from '../../kit/scriptedServer.ts'

const notes = (doc: Y.Doc) => doc.getArray('notes').toArray()

/** Makes a change, lets it be pushed, and acks it at `seq`. */
async function savedChange(client: TestClient, change: () => void, seq: number): Promise<void> {
  const before = client.socket.sentOf('pushUpdate').length
  change()
  const pushes = await client.sentFrames('pushUpdate', before + 1)
  client.socket.serverSays({ tag: 'ack', ref: pushes[before]!.ref, seq })
  await until(() => client.tracker.state === 'saved', `the ack of seq ${seq}`)
}

/** The server drops the connection; resolves at the next connection's hello. */
async function reconnected(client: TestClient, code: number = CloseCode.storageUnavailable) {
  const count = client.sockets.length
  client.socket.serverCloses(code)
  await until(() => client.sockets.length > count && client.socket.sentOf('hello').length === 1, 'a reconnect')
  return client.socket.sentOf('hello')[0]!
}

describe('reconnecting', () => {
  it('resumes from the last seq it saw and pushes nothing already acked, deletions included', async () => {
    const client = await connectedClient()
    await client.replay([await client.entry(1, noteUpdate('one')), await client.entry(2, noteUpdate('two'))], 2)
    const text = client.doc.getText('t')
    await savedChange(client, () => text.insert(0, 'hello world'), 3)
    await savedChange(client, () => text.delete(0, 6), 4)

    const hello = await reconnected(client)
    expect(hello.knownSeq).toBe(4)
    await client.replay([await client.entry(5, noteUpdate('five'))], 5, 4)
    expect(notes(client.doc).sort()).toEqual(['five', 'one', 'two'])
    expect(text.toString()).toBe('world')
    await client.outboxDrained()
    expect(client.socket.sentOf('pushUpdate')).toEqual([])
    expect(client.tracker.state).toBe('saved')
    expect(client.mirror.knownSeq).toBe(5)
  })

  it('pushes again, after a reconnect, exactly the changes the server had not acked', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    await savedChange(client, () => client.doc.getArray('notes').push(['acked']), 1)
    const ackedUpTo = Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID)
    client.doc.getArray('notes').push(['not acked'])
    await client.sentFrames('pushUpdate', 2)

    const hello = await reconnected(client, CloseCode.overloaded)
    expect(hello.knownSeq).toBe(1)
    await client.replay([], 1, 1)
    const [push] = await client.sentFrames('pushUpdate')
    const update = await client.open('update', push!.sealed)
    // The push starts where the acked change ended: the acked one is not in it.
    expect(Y.parseUpdateMeta(update).from.get(client.doc.clientID)).toBe(ackedUpTo)
    const log = new Y.Doc()
    Y.applyUpdate(log, client.mirror.encodeState())
    Y.applyUpdate(log, update)
    expect(notes(log)).toEqual(['acked', 'not acked'])
    expect(client.tracker.state).toBe('saving')
    client.socket.serverSays({ tag: 'ack', ref: push!.ref, seq: 2 })
    await until(() => client.tracker.state === 'saved', 'Saved')
  })

  it('reads the whole log afresh when the server replays from 0, and still converges', async () => {
    const client = await connectedClient()
    await client.replay([await client.entry(1, noteUpdate('one')), await client.entry(2, noteUpdate('two'))], 2)
    await savedChange(client, () => client.doc.getArray('notes').push(['mine']), 3)

    // The server's log was restored from a backup: seq 3 is now someone else's change, and ours is lost.
    const hello = await reconnected(client)
    expect(hello.knownSeq).toBe(3)
    const restored = [noteUpdate('one'), noteUpdate('two'), noteUpdate('restored three')]
    const frames = await Promise.all(restored.map((update, i) => client.entry(i + 1, update)))
    await client.replay(frames, 3, 0)
    expect(client.mirror.knownSeq).toBe(3)
    expect(client.mirror.doc.getArray('notes').toArray()).not.toContain('mine')

    const [push] = await client.sentFrames('pushUpdate')
    const log = new Y.Doc()
    for (const update of restored) Y.applyUpdate(log, update)
    Y.applyUpdate(log, await client.open('update', push!.sealed))
    expect(notes(log)).toContain('mine')
    expect(log.getArray('notes').length).toBe(client.doc.getArray('notes').length)
    client.socket.serverSays({ tag: 'ack', ref: push!.ref, seq: 4 })
    await until(() => client.tracker.state === 'saved', 'Saved')
    expect(client.mirror.knownSeq).toBe(4)
  })

  it('treats a replay from a seq it never asked for as a protocol error', async () => {
    const client = await connectedClient()
    client.socket.serverSays({ tag: 'welcome', version: PROTOCOL_VERSION, serverTime: Date.now(), peerId: 1, replayFrom: 7 })
    await until(() => client.socket.closedWith !== null, 'the close')
    expect(client.socket.closedWith).toBe(CloseCode.protocolError)
  })
})
