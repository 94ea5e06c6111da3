/**
 * What the server may and may not learn, and what deleting takes away,
 * with the real server, real sockets, the real SQLite file and the real
 * sync client writing the board as the app does.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.ts'
import { deriveBoardKeys, sealPayload, toBase64Url } from '../../shared/crypto.ts'
import { addCard } from '../../client/cards/cards.ts'
import { joinBoard as joinPerson } from '../../client/core/people.ts'
import { setBoardName } from '../../client/core/settings.ts'
import { startTalk } from '../../client/core/talks.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, deleteBoard } from '../kit/boards.ts'
import { RawClient } from '../kit/rawClient.ts'
import { readStoredBytes, withStoredLog } from '../kit/storedLog.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { until } from '../kit/waits.ts'

const NOW = Date.now()

describe('what the server learns', () => {
  it("no card text, person's name or board name is anywhere in the data directory, in any encoding the app writes", async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const client = syncClient(server, board)
    await waitForState(client, 'saved')
    const markers = {
      card: `Card-marker-${crypto.randomUUID()}`,
      name: `Name-marker-${crypto.randomUUID().slice(0, 8)}`,
      boardName: `Board-marker-${crypto.randomUUID().slice(0, 8)}`,
      word: 'exasperated',
    }
    client.doc.transact(() => {
      joinPerson(client.doc, { id: 'p1', name: markers.name, role: 'partner', color: '#2f6f8f', joinedAt: NOW })
      setBoardName(client.doc, markers.boardName)
      const talkId = startTalk(client.doc, NOW)
      addCard(client.doc, { lane: 'feelings', text: markers.card, authorId: 'p1', createdAt: NOW, talkId, words: [markers.word] })
    })
    await waitForState(client, 'saved')

    const stored = () => readStoredBytes(dataDir)
    for (const text of Object.values(markers)) {
      // UTF-8 as Yjs writes strings, and UTF-16 in case anything stored them as JavaScript does.
      expect(stored().includes(Buffer.from(text, 'utf8')), text).toBe(false)
      expect(stored().includes(Buffer.from(text, 'utf16le')), text).toBe(false)
    }
    expect(stored().includes(toBase64Url(board.secret))).toBe(false)
    await server.close()
    for (const text of Object.values(markers))
      expect(stored().includes(Buffer.from(text, 'utf8')), `${text} after the checkpoint`).toBe(false)
  })
})

describe('deleting a board', () => {
  it("removes every entry and the token's hash; the id stays only as a tombstone; the token is refused everywhere", async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const client = syncClient(server, board)
    client.notes.push(['soon gone'])
    await waitForState(client, 'saved')
    const { accessToken } = await deriveBoardKeys(board.boardId, board.secret)

    expect((await deleteBoard(server, board.boardId, accessToken)).status).toBe(204)
    const rows = withStoredLog(dataDir, (db) => ({
      updates: db.prepare('SELECT count(*) AS n FROM updates WHERE board_id = ?').get(board.boardId),
      snapshots: db.prepare('SELECT count(*) AS n FROM snapshots WHERE board_id = ?').get(board.boardId),
      parts: db.prepare('SELECT count(*) AS n FROM snapshot_parts WHERE board_id = ?').get(board.boardId),
      board: db.prepare('SELECT * FROM boards WHERE id = ?').get(board.boardId),
    }))
    expect(rows.updates).toEqual({ n: 0 })
    expect(rows.snapshots).toEqual({ n: 0 })
    expect(rows.parts).toEqual({ n: 0 })
    // What remains says only that this id was deleted, and when: so a device that comes back learns it and forgets its copy.
    expect(rows.board).toMatchObject({ id: board.boardId, token_hash: null, head_seq: expect.any(Number), deleted_at: expect.any(Number) })

    const socket = await RawClient.connect(server.wsUrl)
    socket.hello({ boardId: board.boardId, accessToken })
    expect((await socket.closed).code).toBe(CloseCode.boardGone)
    expect((await deleteBoard(server, board.boardId, accessToken)).status).toBe(410)
  })
})

describe('entries the client will not apply', () => {
  it('an update sealed for another board, or with one bit flipped, is rejected and never applied; everything else still is', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const otherBoard = await createBoard(server)
    const writer = syncClient(server, board)
    writer.notes.push(['genuine'])
    await waitForState(writer, 'saved')

    // Real updates: one made for the other board (a replay from there), one for this board with a bit flipped on the way.
    const stray = new Y.Doc()
    stray.getArray<string>('notes').push(['from the other board'])
    const otherKeys = await deriveBoardKeys(otherBoard.boardId, otherBoard.secret)
    const replayed = await sealPayload(otherKeys.encryptionKey, otherBoard.boardId, 'update', Y.encodeStateAsUpdate(stray))
    const keys = await deriveBoardKeys(board.boardId, board.secret)
    const tampered = await sealPayload(keys.encryptionKey, board.boardId, 'update', Y.encodeStateAsUpdate(stray))
    tampered[tampered.length - 20]! ^= 0x01

    // The server cannot tell (it holds no key): whoever holds the token can store anything. The clients can.
    const hostile = await RawClient.connect(server.wsUrl)
    hostile.hello({ boardId: board.boardId, accessToken: keys.accessToken })
    await hostile.waitFor('replayDone')
    await hostile.pushUpdate(1, replayed)
    await hostile.pushUpdate(2, tampered)
    writer.notes.push(['still genuine'])

    const reader = syncClient(server, board)
    for (const client of [writer, reader]) {
      await until(() => expect(client.notes.toArray()).toEqual(['genuine', 'still genuine']))
      await until(() => expect(client.tracker.unreadable).toBe(2))
    }
  })
})

describe('retiring a board after it moved to a new link', () => {
  it('closes its sockets with 4411, drops its log, refuses its token; the board on the new link is untouched', async () => {
    const { server, dataDir } = await newServer()
    const old = await createBoard(server)
    const moved = await createBoard(server)
    const onOldLink = syncClient(server, old)
    onOldLink.notes.push(['said before the move'])
    await waitForState(onOldLink, 'saved')
    const onNewLink = syncClient(
      server,
      moved,
      (() => {
        const copy = new Y.Doc()
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(onOldLink.doc))
        return copy
      })(),
    )
    await waitForState(onNewLink, 'saved')

    const { accessToken } = await deriveBoardKeys(old.boardId, old.secret)
    const retire = (token: Uint8Array) =>
      fetch(`${server.url}/api/boards/${old.boardId}/moved`, { method: 'POST', headers: { authorization: `Bearer ${toBase64Url(token)}` } })
    expect((await retire(crypto.getRandomValues(new Uint8Array(32)))).status).toBe(401)
    expect((await retire(accessToken)).status).toBe(204)
    await until(() => expect(onOldLink.tracker.closedCode).toBe(CloseCode.boardMoved))
    expect(onOldLink.tracker.closedReason).toMatch(/moved to a new link/)

    const again = await retire(accessToken)
    expect(again.status).toBe(410)
    expect(await again.json()).toMatchObject({ error: { code: 'board_moved' } })
    const socket = await RawClient.connect(server.wsUrl)
    socket.hello({ boardId: old.boardId, accessToken })
    expect((await socket.closed).code).toBe(CloseCode.boardMoved)
    expect(withStoredLog(dataDir, (db) => db.prepare('SELECT count(*) AS n FROM updates WHERE board_id = ?').get(old.boardId))).toEqual({
      n: 0,
    })

    const fresh = syncClient(server, moved)
    await until(() => expect(fresh.notes.toArray()).toEqual(['said before the move']))
  })
})
