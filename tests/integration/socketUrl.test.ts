/**
 * The board's socket URL is the server's one endpoint, the same for every
 * board: the hello names the board, so a board id never reaches the request
 * line a proxy logs (docs/protocol.md).
 */
import * as Y from 'yjs'
import WebSocket from 'ws'
import { describe, expect, it } from 'vitest'
import type { SocketConstructor } from '../../client/sync/transport.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { createBoard } from '../kit/boards.ts'
import { until } from '../kit/waits.ts'

describe('the socket URL', () => {
  it('is the same for every board and carries no board id, and the boards sync over it', async () => {
    const { server } = await newServer()
    const opened: string[] = []
    class RecordingSocket extends WebSocket {
      constructor(url: string) {
        opened.push(url)
        super(url)
      }
    }
    const WebSocketImpl = RecordingSocket as unknown as SocketConstructor
    const [first, second] = [await createBoard(server), await createBoard(server)]
    const alice = syncClient(server, first, new Y.Doc(), WebSocketImpl)
    const bob = syncClient(server, second, new Y.Doc(), WebSocketImpl)
    const alicesOther = syncClient(server, first, new Y.Doc(), WebSocketImpl)
    alice.notes.push(['only the hello says which board'])
    await Promise.all([waitForState(alice, 'saved'), waitForState(bob, 'saved')])
    await until(() => expect(alicesOther.notes.toArray()).toEqual(['only the hello says which board']))

    expect(opened.length).toBeGreaterThanOrEqual(3)
    expect(new Set(opened)).toEqual(new Set([server.wsUrl]))
    for (const url of opened) {
      expect(url).not.toContain(first.boardId)
      expect(url).not.toContain(second.boardId)
    }
  })
})
