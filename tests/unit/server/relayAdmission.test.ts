/**
 * What a socket may do before its hello is checked, and who may hold a
 * socket at all: per address, unauthenticated per address, per board.
 */
import { describe, expect, it, vi } from 'vitest'
import { CloseCode, Limits } from '../../../shared/protocol.ts'
import { settle, settleUntil, until } from '../../kit/waits.ts'
import { MemoryClient } from '../../kit/relay/memorySocket.ts'
import { hello, join, sealed, setUp } from '../../kit/relay/relayHarness.ts'

describe('before the hello is checked', () => {
  it('a socket that says no hello within helloTimeoutMs is closed with 4504, which the client retries', async () => {
    const { relay, board, logLines } = await setUp({ limits: { helloTimeoutMs: 30 } })
    // The hello timers run on a fake clock: each is due exactly when the clock says, and the clock moves only when told.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const silent = MemoryClient.connect(relay)
      const prompt = MemoryClient.connect(relay)
      hello(prompt, board)
      // The replay may wait on the log's I/O; the fake clock does not move meanwhile.
      await settleUntil(() => prompt.framesOf('replayDone').length === 1, 'the prompt socket’s replay')
      await vi.advanceTimersByTimeAsync(29)
      expect(silent.closedWith).toBeNull()
      await vi.advanceTimersByTimeAsync(1)
      expect(silent.closedWith).toEqual({ code: CloseCode.helloTimeout, reason: 'no hello within 30 ms' })
      expect(logLines).toEqual(['relay: board=- peer=- closed 4504: no hello within 30 ms'])
      // Long past its own hello timeout, the socket that said hello is still open.
      await vi.advanceTimersByTimeAsync(10 * 30)
      expect(prompt.closedWith).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('a frame bigger than maxHelloBytes closes the socket with 4413 at once, before anything is queued', async () => {
    const { relay, held, board } = await setUp()
    held.holdNextBoardLookup()
    const client = MemoryClient.connect(relay)
    expect(client.frameLimit).toBe(Limits.maxHelloBytes)
    hello(client, board)
    client.send({ tag: 'pushAwareness', sealed: sealed(1, Limits.maxHelloBytes) })
    expect(client.closedWith).toEqual({
      code: CloseCode.frameTooLarge,
      reason: `frame of ${Limits.maxHelloBytes + 3} bytes exceeds ${Limits.maxHelloBytes}`,
    })
  })

  it('once the hello is checked, frames up to the full frame size are taken', async () => {
    const { relay, board } = await setUp()
    const alice = await join(relay, board)
    expect(alice.frameLimit).toBeGreaterThanOrEqual(Limits.maxFrameBytes)
    alice.send({ tag: 'pushAwareness', sealed: sealed(1, Limits.maxHelloBytes * 4) })
    await settle()
    expect(alice.closedWith).toBeNull()
  })

  it(`more than maxFramesBeforeHello frames (the hello included) before the hello is checked closes the socket with 4400`, async () => {
    const { relay, held, board, logLines } = await setUp({ limits: { maxFramesBeforeHello: 4 } })
    const openLookup = held.holdNextBoardLookup()
    const patient = MemoryClient.connect(relay)
    hello(patient, board)
    for (let pingId = 1; pingId <= 3; pingId++) patient.send({ tag: 'ping', pingId })
    expect(patient.closedWith).toBeNull()
    openLookup()
    await until(() => patient.framesOf('pong').length === 3, 'the queued pings answered')
    expect(patient.transcript().slice(0, 2)).toEqual(['welcome from 0', 'replayDone 0'])

    held.holdNextBoardLookup()
    const flooder = MemoryClient.connect(relay)
    hello(flooder, board)
    for (let pingId = 1; pingId <= 4; pingId++) flooder.send({ tag: 'ping', pingId })
    expect(flooder.closedWith).toEqual({ code: CloseCode.protocolError, reason: 'too many frames before the hello was checked' })
    expect(flooder.frames).toEqual([])
    expect(logLines).toEqual([`relay: board=${board.boardId} peer=- closed 4400: too many frames before the hello was checked`])
  })

  it('a ping before the hello is not answered: the first frame must be hello', async () => {
    const { relay } = await setUp()
    const client = MemoryClient.connect(relay)
    client.send({ tag: 'ping', pingId: 1 })
    await until(() => client.closedWith !== null, 'the close')
    expect(client.closedWith).toEqual({ code: CloseCode.protocolError, reason: 'expected hello' })
    expect(client.frames).toEqual([])
  })
})

describe('admission', () => {
  it('sockets beyond maxUnauthenticatedPerIp from one address are closed with 4529, while another address is let in', async () => {
    const { relay, board } = await setUp({ limits: { maxUnauthenticatedPerIp: 2 } })
    const first = MemoryClient.connect(relay, '198.51.100.7')
    const second = MemoryClient.connect(relay, '198.51.100.7')
    const third = MemoryClient.connect(relay, '198.51.100.7')
    expect([first.closedWith, second.closedWith]).toEqual([null, null])
    expect(third.closedWith).toEqual({
      code: CloseCode.tooManyConnections,
      reason: 'too many unauthenticated connections from this address',
    })
    expect((await join(relay, board, { address: '198.51.100.8' })).closedWith).toBeNull()

    // Once one of them is let in, the address may open another.
    hello(first, board)
    await until(() => first.framesOf('replayDone').length === 1, 'the first let in')
    expect(MemoryClient.connect(relay, '198.51.100.7').closedWith).toBeNull()
  })

  it('a socket that closes before its hello frees its place', async () => {
    const { relay } = await setUp({ limits: { maxUnauthenticatedPerIp: 1 } })
    MemoryClient.connect(relay).disconnect()
    expect(MemoryClient.connect(relay).closedWith).toBeNull()
  })

  it('sockets beyond maxSocketsPerIp from one address are closed with 4529, let in or not', async () => {
    const { relay, board } = await setUp({ limits: { maxSocketsPerIp: 2 } })
    await join(relay, board)
    await join(relay, board)
    expect(MemoryClient.connect(relay).closedWith).toEqual({
      code: CloseCode.tooManyConnections,
      reason: 'too many connections from this address',
    })
  })

  it('a board past maxSocketsPerBoard closes the extra socket with 4529; a seat freed is taken again', async () => {
    const { relay, board, logLines } = await setUp({ limits: { maxSocketsPerBoard: 2 } })
    const alice = await join(relay, board)
    await join(relay, board)
    const extra = await join(relay, board)
    expect(extra.closedWith).toEqual({ code: CloseCode.tooManyConnections, reason: 'too many connections to this board' })
    expect(extra.frames).toEqual([])
    expect(logLines).toEqual([`relay: board=${board.boardId} peer=- closed 4529: too many connections to this board`])
    alice.disconnect()
    expect((await join(relay, board)).closedWith).toBeNull()
  })
})
