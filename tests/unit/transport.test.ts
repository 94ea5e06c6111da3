import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { randomBytes } from '../../shared/crypto.ts'
import { CloseCode, PROTOCOL_VERSION, RejectReason } from '../../shared/protocol.ts'
import { until } from '../kit/waits.ts'
import { connectedClient, noteUpdate } from '../kit/scriptedServer.ts'

const notes = (doc: Y.Doc) => doc.getArray('notes').toArray()

describe('the encrypting transport', () => {
  it('says hello first, with the board id, access token and the seq it knows, and sends only sealed payloads', async () => {
    const client = await connectedClient()
    expect(client.socket.sent[0]).toEqual({
      tag: 'hello',
      version: PROTOCOL_VERSION,
      boardId: client.boardId,
      accessToken: client.keys.accessToken,
      knownSeq: 0,
    })
    await client.replay([], 0)
    client.doc.getText('t').insert(0, 'a private sentence')
    const [push] = await client.sentFrames('pushUpdate')
    expect(new TextDecoder().decode(push!.sealed)).not.toContain('private sentence')
    const check = new Y.Doc()
    Y.applyUpdate(check, await client.open('update', push!.sealed))
    expect(check.getText('t').toString()).toBe('a private sentence')
  })

  it('opens toward the provider only after the replay, and marks it synced with the log applied', async () => {
    const client = await connectedClient()
    const entry = await client.entry(1, noteUpdate('from the log'))
    expect(client.provider.wsconnected).toBe(false)
    await client.replay([entry], 1)
    expect(client.provider.synced).toBe(true)
    expect(notes(client.doc)).toEqual(['from the log'])
    expect(client.tracker.state).toBe('saved')
  })

  it('says Saved only after the server acks a change, never when it is sent', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    client.doc.getArray('notes').push(['kept'])
    const [push] = await client.sentFrames('pushUpdate')
    expect(client.tracker.state).toBe('saving')
    await client.outboxDrained()
    expect(client.tracker.state).toBe('saving')

    client.socket.serverSays({ tag: 'ack', ref: push!.ref, seq: 1 })
    await until(() => client.tracker.state === 'saved', 'Saved')
    expect(client.mirror.knownSeq).toBe(1)
  })

  it('sends changes made in one turn as one frame', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    client.doc.getArray('notes').push(['one'])
    client.doc.getArray('notes').push(['two'])
    const [push] = await client.sentFrames('pushUpdate')
    await client.outboxDrained()
    expect(client.socket.sentOf('pushUpdate')).toHaveLength(1)
    const check = new Y.Doc()
    Y.applyUpdate(check, await client.open('update', push!.sealed))
    expect(notes(check)).toEqual(['one', 'two'])
  })

  it('skips and counts entries it cannot read, stays connected, and keeps them in its next snapshot', async () => {
    const client = await connectedClient()
    const garbage = { tag: 'entry', seq: 2, sealed: await client.seal('update', randomBytes(64)) } as const
    const tampered = await client.entry(3, noteUpdate('tampered'))
    if (tampered.tag === 'entry') tampered.sealed[tampered.sealed.length - 1]! ^= 1
    const frames = [await client.entry(1, noteUpdate('before')), garbage, tampered, await client.entry(4, noteUpdate('after'))]
    await client.replay(frames, 4)
    expect(notes(client.doc).sort()).toEqual(['after', 'before'])
    expect(client.tracker.unreadable).toBe(2)
    expect(client.mirror.knownSeq).toBe(4)

    client.socket.serverSays(await client.entry(5, noteUpdate('later')))
    await until(() => notes(client.doc).length === 3, 'a later entry')
    expect(client.socket.closedWith).toBeNull()
    expect(client.provider.wsconnected).toBe(true)
    expect(client.tracker.state).toBe('saved')

    // A refused push travels in a snapshot, which must list what this device could not read.
    client.doc.getArray('notes').push(['mine'])
    const [push] = await client.sentFrames('pushUpdate')
    client.socket.serverSays({ tag: 'reject', ref: push!.ref, reason: RejectReason.logFull })
    const [begin] = await client.sentFrames('beginSnapshot')
    expect(begin!.coversSeq).toBe(5)
    expect(begin!.keepSeqs).toEqual([2, 3])
  })

  it('skips and counts a message the provider throws on, and stays connected', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    // y-protocols catches what applying an update throws; malformed presence state reaches the transport.
    const badPresence = encoding.encode((e) => {
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 4242)
      encoding.writeVarUint(e, 1)
      encoding.writeVarString(e, '{not json')
    })
    client.socket.serverSays({ tag: 'awareness', peerId: 7, sealed: await client.seal('awareness', badPresence) })
    await until(() => client.tracker.unreadable === 1, 'the message to be counted')
    client.socket.serverSays(await client.entry(1, noteUpdate('fine')))
    await until(() => notes(client.doc).includes('fine'), 'a later entry')
    expect(client.socket.closedWith).toBeNull()
    expect(client.tracker.state).toBe('saved')
  })

  it('passes the server clock on to the provider, so a quiet board stays connected', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    client.provider.wsLastMessageReceived = 0
    client.socket.serverSays({ tag: 'clock', serverTime: Date.now() })
    await until(() => client.provider.wsLastMessageReceived > 0, 'the keep-alive')
    expect(client.provider.wsconnected).toBe(true)
  })

  it('closes for good and stops syncing when the server speaks nonsense', async () => {
    const client = await connectedClient()
    client.socket.onmessage?.({ data: new Uint8Array([99, 1, 2]).buffer })
    await until(() => client.socket.closedWith !== null, 'the close')
    expect(client.socket.closedWith).toBe(CloseCode.protocolError)
    expect(client.tracker.state).toBe('closed')
    expect(client.provider.shouldConnect).toBe(false)
  })

  it.each([
    ['a hello timeout', CloseCode.helloTimeout],
    ['an overloaded server', CloseCode.overloaded],
    ['storage that is down', CloseCode.storageUnavailable],
  ])('after %s it goes offline and reconnects, not closed for good', async (_, code) => {
    const client = await connectedClient()
    client.socket.serverCloses(code)
    expect(client.tracker.state).toBe('offline')
    expect(client.provider.shouldConnect).toBe(true)
    await until(() => client.sockets.length === 2 && client.socket.sentOf('hello').length === 1, 'a second hello')
    await client.replay([], 0, 0)
    expect(client.tracker.state).toBe('saved')
  })

  it.each([
    ['a wrong link', CloseCode.unauthorized],
    ['a deleted board', CloseCode.boardGone],
    ['a missing board', CloseCode.boardNotFound],
  ])('after %s it closes the board for good and says why', async (_, code) => {
    const client = await connectedClient()
    // The clock is faked from before the close: a reconnect the provider scheduled would fall due below, many times over.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      client.socket.serverCloses(code)
      expect(client.tracker.state).toBe('closed')
      expect(client.tracker.closedReason).toBeTruthy()
      expect(client.provider.shouldConnect).toBe(false)
      vi.advanceTimersByTime(60_000)
      expect(client.sockets).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })
})
