/** Moving a board to a new link with the real client code, server and sockets (client/sync/moveBoard.ts). */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CloseCode } from '../../shared/protocol.ts'
import { BoardMoveError, moveBoard } from '../../client/sync/moveBoard.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { createBoard } from '../kit/boards.ts'
import { until } from '../kit/waits.ts'

describe('moving a board to a new link', () => {
  it('copies everything to the new board, durably, before the old one is retired', async () => {
    const { server } = await newServer()
    const old = await createBoard(server)
    const writer = syncClient(server, old)
    writer.notes.push(['first', 'second'])
    await waitForState(writer, 'saved')

    // What the device keeps is carried over while the old board is still live: it is not closed yet.
    const remembered: { link: string; oldStillOpen: boolean }[] = []
    const next = await moveBoard(
      { boardId: old.boardId, secret: old.secret, doc: writer.doc },
      {
        origin: server.url,
        socketUrl: server.wsUrl,
        WebSocketImpl: WebSocket as unknown as SocketConstructor,
        beforeRetiring: async ({ link }) => void remembered.push({ link, oldStillOpen: writer.tracker.closedCode === null }),
      },
    )
    expect(remembered).toEqual([{ link: next.link, oldStillOpen: true }])
    expect(next.link).not.toContain(old.boardId)
    await until(() => expect(writer.tracker.closedCode).toBe(CloseCode.boardMoved))
    const reader = syncClient(server, next)
    await until(() => expect(reader.notes.toArray()).toEqual(['first', 'second']))
  })

  it('when the copy cannot be stored, the old board is left as it was and no new link is remembered', async () => {
    const { server } = await newServer()
    const old = await createBoard(server)
    const writer = syncClient(server, old)
    writer.notes.push(['kept'])
    await waitForState(writer, 'saved')

    // Sockets to the new board never open (a connection lost mid-move): the copy never becomes durable.
    class NeverOpens {
      binaryType = 'arraybuffer'
      onopen = null
      onmessage = null
      onclose = null
      onerror = null
      send() {}
      close() {}
    }
    const remembered: string[] = []
    const failure = await moveBoard(
      { boardId: old.boardId, secret: old.secret, doc: writer.doc },
      {
        origin: server.url,
        socketUrl: server.wsUrl,
        WebSocketImpl: NeverOpens,
        beforeRetiring: async ({ link }) => void remembered.push(link),
        copyTimeoutMs: 500,
      },
    ).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(BoardMoveError)
    expect((failure as BoardMoveError).message).toContain('The old link still works')
    expect(remembered).toEqual([])
    writer.notes.push(['still writable'])
    await waitForState(writer, 'saved')
    expect(writer.tracker.closedCode).toBeNull()
    const reader = syncClient(server, old)
    await until(() => expect(reader.notes.toArray()).toEqual(['kept', 'still writable']))
  })
})
