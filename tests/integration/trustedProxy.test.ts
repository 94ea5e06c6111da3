/**
 * Behind a reverse proxy every visitor connects from the proxy's address, so
 * per-address limits would count the whole site as one client. With
 * TRUST_PROXY naming the proxy, they count the address the proxy forwards
 * in X-Forwarded-For; from anyone else, that header is ignored. Here the
 * test itself plays the proxy: it connects from 127.0.0.1 and writes the
 * header a proxy would.
 */
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import type { StartOptions } from '../../server/app.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, newBoardKeys, postBoard, type TestBoard } from '../kit/boards.ts'
import { RawClient } from '../kit/rawClient.ts'
import { startServerProcess } from '../kit/serverProcess.ts'

type Address = { url: string; wsUrl: string }

const forwardedFor = (address: string) => ({ 'X-Forwarded-For': address })

/** Opens sockets that never say hello, as if from `address` behind the proxy. */
function silentSockets(server: Address, address: string, count: number): Promise<RawClient[]> {
  return Promise.all(Array.from({ length: count }, () => RawClient.connect(server.wsUrl, { headers: forwardedFor(address) })))
}

/** Whether a socket "from" `address` is let in: it says hello and the board's replay comes. */
async function admitted(server: Address, board: TestBoard, address: string): Promise<boolean> {
  const client = await RawClient.connect(server.wsUrl, { headers: forwardedFor(address) })
  client.hello(board)
  const answer = await Promise.race([client.waitFor('replayDone').then(() => 'in' as const), client.closed])
  if (answer === 'in') return true
  expect(answer).toEqual({ code: CloseCode.tooManyConnections, reason: 'too many unauthenticated connections from this address' })
  return false
}

async function createFrom(server: Address, address: string): Promise<number> {
  const board = await newBoardKeys()
  const response = await postBoard(server, { boardId: board.boardId, tokenHash: board.tokenHash }, forwardedFor(address))
  return response.status
}

/** Three silent sockets per address at most, one creation per address at once. */
const TIGHT: Partial<StartOptions> = { limits: { maxUnauthenticatedPerIp: 3 }, boardLimits: { createsPerHour: 3 } }

describe('per-address limits behind a trusted proxy', () => {
  it('with TRUST_PROXY, silent sockets count against the forwarded address: one visitor filling its allowance does not lock out another', async () => {
    const { server } = await newServer({ ...TIGHT, trustedProxies: ['127.0.0.1', '::1'] })
    const board = await createBoard(server)
    await silentSockets(server, '198.51.100.1', 3)
    expect(await admitted(server, board, '198.51.100.1')).toBe(false)
    expect(await admitted(server, board, '198.51.100.2')).toBe(true)
    // IPv6 visitors still count by their /64.
    await silentSockets(server, '2001:db8:1:1::a', 3)
    expect(await admitted(server, board, '2001:db8:1:1::b')).toBe(false)
    expect(await admitted(server, board, '2001:db8:1:2::a')).toBe(true)
  })

  it('with TRUST_PROXY, board creations count against the forwarded address', async () => {
    const { server } = await newServer({ ...TIGHT, trustedProxies: ['127.0.0.1'] })
    expect(await createFrom(server, '198.51.100.1')).toBe(201)
    expect(await createFrom(server, '198.51.100.1')).toBe(429)
    expect(await createFrom(server, '198.51.100.2')).toBe(201)
    // A client's own entries, left of what the proxy appended, change nothing.
    expect(await createFrom(server, '203.0.113.7, 198.51.100.1')).toBe(429)
  })

  it('without TRUST_PROXY, X-Forwarded-For is ignored: every socket and creation counts against the connection', async () => {
    const { server } = await newServer(TIGHT)
    const board = await createBoard(server, forwardedFor('198.51.100.1'))
    await silentSockets(server, '198.51.100.1', 3)
    expect(await admitted(server, board, '198.51.100.2')).toBe(false)
    expect(await createFrom(server, '198.51.100.2')).toBe(429)
  })

  it('X-Forwarded-For from a peer that is not a trusted proxy is ignored', async () => {
    const { server } = await newServer({ ...TIGHT, trustedProxies: ['192.0.2.1', '10.0.0.0/8'] })
    const board = await createBoard(server, forwardedFor('198.51.100.1'))
    await silentSockets(server, '198.51.100.1', 3)
    expect(await admitted(server, board, '198.51.100.2')).toBe(false)
    expect(await createFrom(server, '198.51.100.2')).toBe(429)
  })

  it('the server process reads TRUST_PROXY from its environment', async () => {
    const server = await startServerProcess({ TRUST_PROXY: '127.0.0.1,::1', COMMON_GROUND_BOARD_CREATES_PER_HOUR: '3' })
    expect(await createFrom(server, '198.51.100.1')).toBe(201)
    expect(await createFrom(server, '198.51.100.1')).toBe(429)
    expect(await createFrom(server, '198.51.100.2')).toBe(201)
  })
})
