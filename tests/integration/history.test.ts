/** The board's history: points asked for by the client, listed and read back over HTTP, opened only with the link. */
import { describe, expect, it } from 'vitest'
import { deriveBoardKeys, toBase64Url } from '../../shared/crypto.ts'
import { HistoryError, listVersions, readVersion } from '../../client/history/historyApi.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { createBoard } from '../kit/boards.ts'

describe("the board's history", () => {
  it('a history point asked for is a stored version that reads back as the board was, on a device holding the link', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const client = syncClient(server, board)
    client.notes.push(['before'])
    // Asked while the change is still unacknowledged: the version waits for it and holds it.
    await client.requestHistoryPoint()
    client.notes.push(['after'])
    await waitForState(client, 'saved')

    const versions = await listVersions(board, server.url)
    expect(versions).toHaveLength(1)
    expect(versions[0]).toMatchObject({ seq: 2, coversSeq: 1, bytes: expect.any(Number) })
    const version = await readVersion(board, versions[0]!.seq, server.url)
    expect(version.getArray<string>('notes').toArray()).toEqual(['before'])

    // A second point is a new version; asked again with nothing new since, the log already ends in it, so none is added.
    client.notes.delete(1, 1)
    await waitForState(client, 'saved')
    await client.requestHistoryPoint()
    await client.requestHistoryPoint()
    expect((await listVersions(board, server.url)).map((v) => v.seq)).toEqual([5, 2])
  })

  it('refuses a wrong token, an unknown version and anything but GET; a link with another secret reads nothing', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const client = syncClient(server, board)
    client.notes.push(['kept'])
    await client.requestHistoryPoint()
    const [version] = await listVersions(board, server.url)

    const { accessToken } = await deriveBoardKeys(board.boardId, board.secret)
    const get = (path: string, token: Uint8Array, method = 'GET') =>
      fetch(`${server.url}/api/boards/${board.boardId}/history${path}`, {
        method,
        headers: { authorization: `Bearer ${toBase64Url(token)}` },
      })
    expect((await get('', crypto.getRandomValues(new Uint8Array(32)))).status).toBe(401)
    expect((await get(`/${version!.seq}`, crypto.getRandomValues(new Uint8Array(32)))).status).toBe(401)
    expect((await get('/99', accessToken)).status).toBe(404)
    expect((await get('/x', accessToken)).status).toBe(404)
    expect((await get('', accessToken, 'DELETE')).status).toBe(405)

    const stranger = { boardId: board.boardId, secret: crypto.getRandomValues(new Uint8Array(32)) }
    await expect(readVersion(stranger, version!.seq, server.url)).rejects.toBeInstanceOf(HistoryError)
  })
})
