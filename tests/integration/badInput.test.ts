/**
 * Configuration, limits and bad input (docs/design.md): a malformed or oversized
 * frame closes its socket with a named code and a reason, a too-fast socket
 * is read more slowly, and nothing else — not another socket of its board,
 * not another board — notices.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { encodeClientFrame } from '../../shared/frames.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, seal, type TestBoard } from '../kit/boards.ts'
import { joinBoard, type Joined } from '../kit/rawClient.ts'
import { sleep } from '../kit/waits.ts'

/** Both still work: an update from one reaches the other, and is acked. */
async function expectStillWorking(board: TestBoard, a: Joined, b: Joined, ref: number): Promise<void> {
  const seq = await a.client.pushUpdate(ref, await seal(board, `still here ${ref}`))
  await b.client.waitFor('entry', (e) => e.seq === seq)
}

describe('bad input closes only the socket that sent it', () => {
  it('an oversized frame closes its socket with 4413 while the board and other boards keep working', async () => {
    const { server, logLines } = await newServer()
    const board = await createBoard(server)
    const otherBoard = await createBoard(server)
    const offender = await joinBoard(server, board)
    const [peer1, peer2] = [await joinBoard(server, board), await joinBoard(server, board)]
    const [other1, other2] = [await joinBoard(server, otherBoard), await joinBoard(server, otherBoard)]

    offender.client.send({ tag: 'pushUpdate', ref: 1, sealed: new Uint8Array(2_000_000) })
    const { code, reason } = await offender.client.waitForClose()
    expect(code).toBe(CloseCode.frameTooLarge)
    expect(reason).toMatch(/exceeds 1048576/)
    expect(logLines).toContainEqual(expect.stringMatching(/^relay: board=\S+ peer=\d+ closed 4413: frame of \d+ bytes exceeds 1048576$/))

    await expectStillWorking(board, peer1, peer2, 1)
    await expectStillWorking(otherBoard, other1, other2, 1)
  })

  it('a garbage frame closes its socket with 4400 while the board and other boards keep working', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const otherBoard = await createBoard(server)
    const offender = await joinBoard(server, board)
    const [peer1, peer2] = [await joinBoard(server, board), await joinBoard(server, board)]
    const [other1, other2] = [await joinBoard(server, otherBoard), await joinBoard(server, otherBoard)]

    offender.client.sendRaw(new Uint8Array([0x63, 0xff, 0xff, 0xff]))
    const { code, reason } = await offender.client.waitForClose()
    expect(code).toBe(CloseCode.protocolError)
    expect(reason).toMatch(/frame tag/)

    await expectStillWorking(board, peer1, peer2, 1)
    await expectStillWorking(otherBoard, other1, other2, 1)
  })

  it('a truncated frame and a text frame are protocol errors (4400)', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const truncated = await joinBoard(server, board)
    const frame = encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed: await seal(board, 'cut short') })
    truncated.client.sendRaw(frame.subarray(0, frame.length - 5))
    expect((await truncated.client.waitForClose()).code).toBe(CloseCode.protocolError)

    const texting = await joinBoard(server, board)
    texting.client.sendRaw('{"hello":"world"}')
    expect(await texting.client.waitForClose()).toEqual({
      code: CloseCode.protocolError,
      reason: 'text frames are not part of the protocol',
    })
  })

  it('a socket sending more frames than its budget is read more slowly, never closed, and the others keep working', async () => {
    const { server } = await newServer({ limits: { framesPerSecond: 20, frameBurst: 5 } })
    const board = await createBoard(server)
    const flooder = await joinBoard(server, board)
    const [peer1, peer2] = [await joinBoard(server, board), await joinBoard(server, board)]
    const started = performance.now()
    for (let i = 1; i <= 25; i++) {
      flooder.client.send({ tag: 'ping', pingId: i })
      // The input is a rate: frames a few ms apart, faster than the budget allows.
      await sleep(2)
    }
    await expectStillWorking(board, peer1, peer2, 1)
    await flooder.client.waitFor('pong', (p) => p.pingId === 25)
    // 20 frames past the burst at 20 a second cannot be read in much under a second.
    expect(performance.now() - started).toBeGreaterThan(700)
    expect(flooder.client.socket.readyState).toBe(WebSocket.OPEN)
  })

  it('a socket within its frame budget is never slowed down or closed', async () => {
    const { server } = await newServer({ limits: { framesPerSecond: 50, frameBurst: 10 } })
    const board = await createBoard(server)
    const { client } = await joinBoard(server, board)
    for (let i = 1; i <= 10; i++) {
      client.send({ tag: 'ping', pingId: i })
      // The input is a rate: 40 frames a second, within the budget of 50.
      await sleep(25)
    }
    await client.waitFor('pong', (p) => p.pingId === 10)
    expect(client.socket.readyState).toBe(WebSocket.OPEN)
  })
})
