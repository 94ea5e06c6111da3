/**
 * Links, keys and access (docs/design.md): a socket is let in only by a hello
 * with the right token, and every refusal is a named final close code.
 */
import type { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { encodeClientFrame } from '../../shared/frames.ts'
import { CloseCode, isFinalClose, PROTOCOL_VERSION } from '../../shared/protocol.ts'
import { DEFAULT_RELAY_LIMITS } from '../../server/common/policy.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, deleteBoard, newBoardKeys, seal } from '../kit/boards.ts'
import { joinBoard, RawClient } from '../kit/rawClient.ts'

describe('access', () => {
  it('a wrong access token is refused with 4401 and a reason', async () => {
    const { server, logLines } = await newServer()
    const board = await createBoard(server)
    const client = await RawClient.connect(server.wsUrl)
    client.hello({ boardId: board.boardId, accessToken: crypto.getRandomValues(new Uint8Array(32)) })
    expect(await client.waitForClose()).toEqual({ code: CloseCode.unauthorized, reason: 'wrong access token' })
    expect(client.frames).toEqual([])
    expect(logLines).toContainEqual(
      expect.stringMatching(new RegExp(`^relay: board=${board.boardId} peer=- closed 4401: wrong access token$`)),
    )
  })

  it('an unknown board is refused with 4404', async () => {
    const { server } = await newServer()
    const client = await RawClient.connect(server.wsUrl)
    client.hello(await newBoardKeys())
    expect(await client.waitForClose()).toEqual({ code: CloseCode.boardNotFound, reason: 'board not found' })
  })

  it('a deleted board is refused with 4410, not 4404: its id stays reserved', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    expect((await deleteBoard(server, board.boardId, board.accessToken)).status).toBe(204)
    const client = await RawClient.connect(server.wsUrl)
    client.hello(board)
    expect(await client.waitForClose()).toEqual({ code: CloseCode.boardGone, reason: 'board deleted' })
  })

  it('another protocol version is refused with 4426', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const client = await RawClient.connect(server.wsUrl)
    client.hello(board, PROTOCOL_VERSION + 1)
    const { code, reason } = await client.waitForClose()
    expect(code).toBe(CloseCode.versionMismatch)
    expect(reason).toMatch(/protocol version/)
  })

  it('a socket that says no hello in time is closed with 4504, a code the client retries', async () => {
    const { server } = await newServer({ limits: { helloTimeoutMs: 150 } })
    const client = await RawClient.connect(server.wsUrl)
    expect(await client.waitForClose()).toEqual({ code: CloseCode.helloTimeout, reason: 'no hello within 150 ms' })
    expect(isFinalClose(CloseCode.helloTimeout)).toBe(false)
  })

  it('a first frame that is not hello is refused with 4400', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const client = await RawClient.connect(server.wsUrl)
    client.send({ tag: 'pushUpdate', ref: 1, sealed: await seal(board, 'sneaking in') })
    expect(await client.waitForClose()).toEqual({ code: CloseCode.protocolError, reason: 'expected hello' })
  })

  it('a malformed board id in the hello is refused with 4400', async () => {
    const { server } = await newServer()
    const client = await RawClient.connect(server.wsUrl)
    client.hello({ boardId: '../../etc/passwd', accessToken: new Uint8Array(32) })
    expect(await client.waitForClose()).toEqual({ code: CloseCode.protocolError, reason: 'malformed board id' })
  })

  it('an unauthenticated socket may queue only a few frames behind its hello (regression: unbounded queue)', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const client = await RawClient.connect(server.wsUrl)
    const flood = encodeClientFrame({ tag: 'ping', pingId: 1 })
    // Corked into one write, so every frame is read while the hello is still being checked.
    const tcp = (client.socket as unknown as { _socket: Socket })._socket
    tcp.cork()
    client.socket.send(
      encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId: board.boardId, accessToken: board.accessToken, knownSeq: 0 }),
    )
    for (let i = 0; i < 200; i++) client.socket.send(flood)
    tcp.uncork()
    expect(await client.waitForClose()).toEqual({ code: CloseCode.protocolError, reason: 'too many frames before the hello was checked' })

    // Frames up to the limit are fine: they wait for the hello and are answered after it.
    const patient = await RawClient.connect(server.wsUrl)
    patient.hello(board)
    // The hello itself is one of the frames allowed before it is checked.
    const allowed = DEFAULT_RELAY_LIMITS.maxFramesBeforeHello - 1
    for (let i = 1; i <= allowed; i++) patient.send({ tag: 'ping', pingId: i })
    await patient.waitFor('pong', (p) => p.pingId === allowed)
    await patient.waitFor('replayDone')
  })

  it('the right token opens the board', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const { welcome, headSeq } = await joinBoard(server, board)
    expect(welcome.version).toBe(PROTOCOL_VERSION)
    expect(headSeq).toBe(0)
  })
})
