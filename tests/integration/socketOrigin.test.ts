/**
 * A page of another site must not open sockets with its visitors' browsers
 * (server/http/socketOrigin.ts): an upgrade whose Origin names another site
 * is refused with 403 before any socket exists; the app's own pages, and
 * clients that are not browsers (no Origin), connect as before.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import WebSocket from 'ws'
import { startTcpBalancer } from '../kit/services/balancer.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, type TestBoard } from '../kit/boards.ts'
import { RawClient } from '../kit/rawClient.ts'

/** The status the server answered an upgrade with: 101 when the socket opened. */
function upgradeStatus(wsUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { headers })
    onTestFinished(() => socket.terminate())
    socket.once('open', () => resolve(101))
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    socket.once('error', reject)
  })
}

async function joins(wsUrl: string, board: TestBoard, headers: Record<string, string>): Promise<void> {
  const client = await RawClient.connect(wsUrl, { headers })
  client.hello(board)
  await client.waitFor('replayDone')
}

describe('the Origin of a board socket', () => {
  it('a page of another site is refused with 403 before the upgrade, and the refusal is logged', async () => {
    const { server, logLines } = await newServer()
    for (const origin of ['https://evil.example', 'http://127.0.0.1:1', 'null']) {
      expect(await upgradeStatus(server.wsUrl, { Origin: origin })).toBe(403)
    }
    expect(logLines).toContain('ws: refused a socket opened by a page of another site (Origin "https://evil.example")')
    await expect(RawClient.connect(server.wsUrl, { headers: { Origin: 'https://evil.example' } })).rejects.toThrow(/403/)
  })

  it("the app's own pages (Origin equal to the Host asked for) and clients without an Origin connect", async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    await joins(server.wsUrl, board, { Origin: server.url })
    await joins(server.wsUrl, board, {})
  })

  it('through a TCP balancer, as in the scale-out set-up, the page of the balancer origin connects', async () => {
    const { server } = await newServer()
    const balancer = await startTcpBalancer([server.port])
    onTestFinished(() => balancer.close())
    const board = await createBoard(server)
    await joins(balancer.wsUrl, board, { Origin: balancer.url })
    expect(await upgradeStatus(balancer.wsUrl, { Origin: server.url })).toBe(403)
  })

  it('behind a trusted proxy that rewrites Host, X-Forwarded-Host names the site; from anyone else it is ignored', async () => {
    const proxied = { Host: 'internal:8080', 'X-Forwarded-Host': 'board.example.com', Origin: 'https://board.example.com' }
    const trusting = await newServer({ trustedProxies: ['127.0.0.1'] })
    await joins(trusting.server.wsUrl, await createBoard(trusting.server), proxied)
    expect(await upgradeStatus(trusting.server.wsUrl, { ...proxied, Origin: 'https://evil.example' })).toBe(403)
    const untrusting = await newServer()
    expect(await upgradeStatus(untrusting.server.wsUrl, proxied)).toBe(403)
  })
})
