import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import { deriveBoardKeys, generateBoardId, generateBoardSecret, openPayload, sealPayload } from '../../shared/crypto.ts'
import { decodeClientFrame, encodeServerFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { EntryKind, PROTOCOL_VERSION, RejectReason } from '../../shared/protocol.ts'
import { ServerClock } from '../../client/sync/serverClock.ts'
import { SyncTracker } from '../../client/sync/syncTracker.ts'
import { encryptingTransportFor, type SocketLike } from '../../client/sync/transport.ts'

/** A scripted server end: the test reads what the client sent and says what the server answers. */
class ScriptedSocket implements SocketLike {
  static last: ScriptedSocket
  binaryType = ''
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  onerror: SocketLike['onerror'] = null
  sent: ClientFrame[] = []
  closedWith: number | null = null

  constructor(readonly url: string) {
    ScriptedSocket.last = this
    queueMicrotask(() => this.onopen?.({}))
  }
  send(data: Uint8Array) {
    this.sent.push(decodeClientFrame(data))
  }
  close(code = 1000) {
    this.closedWith = code
  }
  serverSays(frame: ServerFrame) {
    const bytes = encodeServerFrame(frame)
    this.onmessage?.({ data: bytes.slice().buffer })
  }
  sentOf<T extends ClientFrame['tag']>(tag: T) {
    return this.sent.filter((frame): frame is Extract<ClientFrame, { tag: T }> => frame.tag === tag)
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

async function connectedClient() {
  const boardId = generateBoardId()
  const keys = await deriveBoardKeys(boardId, generateBoardSecret())
  const doc = new Y.Doc()
  const awareness = new Awareness(doc)
  const tracker = new SyncTracker()
  const clock = new ServerClock()
  const warnings: string[] = []
  const Transport = encryptingTransportFor({
    boardId,
    keys: Promise.resolve(keys),
    WebSocketImpl: ScriptedSocket,
    tracker,
    clock,
    awareness,
    warn: (line) => warnings.push(line),
  })
  const provider = new WebsocketProvider('ws://test/ws', boardId, doc, {
    awareness,
    WebSocketPolyfill: Transport as unknown as typeof WebSocket,
    disableBc: true,
  })
  await settle()
  const socket = ScriptedSocket.last
  const seal = (kind: 'update' | 'snapshot', update: Uint8Array) => sealPayload(keys.encryptionKey, boardId, kind, update)
  const open = (kind: 'update' | 'snapshot', sealed: Uint8Array) => openPayload(keys.encryptionKey, boardId, kind, sealed)
  return { boardId, keys, doc, provider, tracker, clock, socket, seal, open, warnings }
}

async function replay(client: Awaited<ReturnType<typeof connectedClient>>, entries: ServerFrame[], headSeq: number) {
  client.socket.serverSays({ tag: 'welcome', version: PROTOCOL_VERSION, serverTime: Date.now(), peerId: 1 })
  for (const entry of entries) client.socket.serverSays(entry)
  client.socket.serverSays({ tag: 'replayDone', headSeq })
  await settle()
}

function updateFrom(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  change(doc)
  return Y.encodeStateAsUpdate(doc)
}

describe('the encrypting transport', () => {
  it('says hello first, with the board id and access token, and sends only sealed payloads', async () => {
    const client = await connectedClient()
    expect(client.socket.sent[0]).toEqual({
      tag: 'hello',
      version: PROTOCOL_VERSION,
      boardId: client.boardId,
      accessToken: client.keys.accessToken,
    })
    await replay(client, [], 0)
    client.doc.getText('t').insert(0, 'a private sentence')
    await settle()
    const [push] = client.socket.sentOf('pushUpdate')
    expect(new TextDecoder().decode(push.sealed)).not.toContain('private sentence')
    const plain = await client.open('update', push.sealed)
    const check = new Y.Doc()
    Y.applyUpdate(check, plain)
    expect(check.getText('t').toString()).toBe('a private sentence')
    client.provider.destroy()
  })

  it('opens toward the provider only after the replay, and marks it synced with the log applied', async () => {
    const client = await connectedClient()
    expect(client.provider.wsconnected).toBe(false)
    const update = updateFrom((doc) => doc.getArray('notes').push(['from the log']))
    await replay(client, [{ tag: 'entry', kind: EntryKind.update, seq: 1, sealed: await client.seal('update', update) }], 1)
    expect(client.provider.synced).toBe(true)
    expect(client.doc.getArray('notes').toArray()).toEqual(['from the log'])
    expect(client.tracker.state).toBe('saved')
    client.provider.destroy()
  })

  it('never applies an entry that fails authentication', async () => {
    const client = await connectedClient()
    const sealed = await client.seal('update', updateFrom((doc) => doc.getArray('notes').push(['tampered'])))
    sealed[sealed.length - 1] ^= 1
    await replay(client, [{ tag: 'entry', kind: EntryKind.update, seq: 1, sealed }], 1)
    expect(client.doc.getArray('notes').length).toBe(0)
    expect(client.warnings.join()).toMatch(/failed authentication/)
    client.provider.destroy()
  })

  it('when the log is full, posts a snapshot that carries the refused change, and says Saved once it is stored', async () => {
    const client = await connectedClient()
    await replay(client, [], 0)
    client.doc.getArray('notes').push(['refused at first'])
    await settle()
    const [push] = client.socket.sentOf('pushUpdate')
    client.socket.serverSays({ tag: 'reject', ref: push.ref, reason: RejectReason.logFull })
    await settle()
    expect(client.tracker.state).toBe('saving')
    const [snapshot] = client.socket.sentOf('pushSnapshot')
    const state = new Y.Doc()
    Y.applyUpdate(state, await client.open('snapshot', snapshot.sealed))
    expect(state.getArray('notes').toArray()).toEqual(['refused at first'])

    client.socket.serverSays({ tag: 'ack', ref: snapshot.ref, seq: snapshot.coversSeq })
    await settle()
    expect(client.tracker.state).toBe('saved')
    client.provider.destroy()
  })

  it('passes the server clock pongs on to the provider, so a quiet board stays connected', async () => {
    const client = await connectedClient()
    await replay(client, [], 0)
    client.provider.wsLastMessageReceived = 0
    client.socket.serverSays({ tag: 'pong', pingId: 0, serverTime: Date.now() })
    await settle()
    expect(client.provider.wsLastMessageReceived).toBeGreaterThan(0)
    expect(client.provider.wsconnected).toBe(true)
    client.provider.destroy()
  })

  it('closes for good and stops syncing when the server speaks nonsense', async () => {
    const client = await connectedClient()
    client.socket.onmessage?.({ data: new Uint8Array([99, 1, 2]).buffer })
    await settle()
    expect(client.socket.closedWith).toBe(4400)
    expect(client.tracker.state).toBe('closed')
    expect(client.provider.shouldConnect).toBe(false)
    client.provider.destroy()
  })
})
