/**
 * Limits on creating boards over HTTP (server/common/policy.ts, server/http/boardsApi.ts):
 * only declared JSON, a rate per client address, caps on live boards and
 * stored bytes. Each refusal has its status, its code and a calm message.
 */
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { RejectReason } from '../../shared/protocol.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, deleteBoard, newBoardKeys, postBoard, seal } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'

type ApiError = { error: { code: string; message: string } }

async function newBoardBody(): Promise<{ boardId: string; tokenHash: string }> {
  const { boardId, tokenHash } = await newBoardKeys()
  return { boardId, tokenHash }
}

/** A create request sent from another loopback address (all of 127/8 reaches the server on Linux). */
function postBoardFrom(localAddress: string, server: { port: number }, body: unknown): Promise<number> {
  const text = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        localAddress,
        path: '/api/boards',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode!))
      },
    )
    request.on('error', reject)
    request.end(text)
  })
}

describe('creating a board needs a JSON body', () => {
  it('refuses no content type, text/plain and a form post with 415, and creates nothing', async () => {
    const { server } = await newServer()
    const body = await newBoardBody()
    const json = JSON.stringify(body)
    const refused = [
      // A byte body: fetch sends no content type at all.
      fetch(`${server.url}/api/boards`, { method: 'POST', body: new TextEncoder().encode(json) }),
      fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: json }),
      // What an HTML form on any web page can send from its visitors' browsers, no preflight asked.
      fetch(`${server.url}/api/boards`, { method: 'POST', body: new URLSearchParams(body) }),
      fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json-patch+json' }, body: json }),
    ]
    for (const response of await Promise.all(refused)) {
      expect(response.status).toBe(415)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(((await response.json()) as ApiError).error).toEqual({
        code: 'unsupported_media_type',
        message: 'Send the body as JSON, with "Content-Type: application/json".',
      })
    }
    // Nothing was created: the same id is still free.
    expect((await postBoard(server, body)).status).toBe(201)
  })

  it('accepts application/json with a charset, in any case', async () => {
    const { server } = await newServer()
    for (const contentType of ['application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      const body = await newBoardBody()
      const response = await fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify(body),
      })
      expect(response.status).toBe(201)
      expect(await response.json()).toEqual({ boardId: body.boardId })
    }
  })
})

describe('creating a board is rate-limited per client address', () => {
  it('past the burst answers 429 rate_limited with Retry-After in whole seconds; malformed requests do not count', async () => {
    // 6 an hour is one every 600 s.
    const { server } = await newServer({ boardLimits: { createsPerHour: 6, createBurst: 2 } })
    for (let i = 0; i < 3; i++) expect((await postBoard(server, { boardId: 'short' })).status).toBe(400)
    expect((await postBoard(server, await newBoardBody())).status).toBe(201)
    expect((await postBoard(server, await newBoardBody())).status).toBe(201)

    const refusedBody = await newBoardBody()
    const refused = await postBoard(server, refusedBody)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('600')
    expect(((await refused.json()) as ApiError).error).toEqual({
      code: 'rate_limited',
      message: 'Too many boards were created from this network just now. Wait a little and try again.',
    })

    // Another address has its own allowance, and the refused board was never created.
    expect(await postBoardFrom('127.0.0.2', server, refusedBody)).toBe(201)
  })
})

describe('creating a board stops at the server caps', () => {
  it('past the board cap answers 507 board_limit_reached; deleting a board makes room again', async () => {
    const { server } = await newServer({ boardLimits: { maxBoards: 2 } })
    const first = await createBoard(server)
    await createBoard(server)
    const full = await postBoard(server, await newBoardBody())
    expect(full.status).toBe(507)
    expect(((await full.json()) as ApiError).error.code).toBe('board_limit_reached')

    expect((await deleteBoard(server, first.boardId, first.accessToken)).status).toBe(204)
    expect((await postBoard(server, await newBoardBody())).status).toBe(201)
    expect((await postBoard(server, await newBoardBody())).status).toBe(507)
  })

  it('past the stored bytes cap answers 507 storage_full; existing boards still open with everything saved, and refuse growth calmly', async () => {
    const started = await newServer({ boardLimits: { maxStoredBytes: 2000 } })
    const board = await createBoard(started.server)
    const writer = await joinBoard(started.server, board)
    // Two sealed cards of 928 bytes, and one of 144: the cap exactly, and not a byte more.
    for (let ref = 1; ref <= 2; ref++) await writer.client.pushUpdate(ref, await seal(board, `card ${ref} `.padEnd(900, '.')))
    expect(await writer.client.pushUpdate(3, await seal(board, 'card 3 '.padEnd(116, '.')))).toBe(3)
    expect(await writer.client.pushForAnswer(4, await seal(board, 'x'))).toMatchObject({ tag: 'reject', reason: RejectReason.storageFull })
    writer.client.close()

    // Storage use is read every few seconds at most; a server that just started reads it at once.
    await started.server.close()
    const server = await started.restart()
    const full = await postBoard(server, await newBoardBody())
    expect(full.status).toBe(507)
    expect(((await full.json()) as ApiError).error).toEqual({
      code: 'storage_full',
      message: 'This server has no storage left for new boards. Existing boards still open, and nothing saved on them is lost.',
    })

    const again = await joinBoard(server, board)
    expect(again.headSeq).toBe(3)
    expect(again.replay.map((frame) => frame.tag === 'entry' && frame.seq)).toEqual([1, 2, 3])
    expect(await again.client.pushForAnswer(5, await seal(board, 'still writing'))).toMatchObject({
      tag: 'reject',
      reason: RejectReason.storageFull,
    })
  })
})
