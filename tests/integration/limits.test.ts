/**
 * Limits count bytes and resources, not only frames (docs/design.md
 * "Configuration, limits and bad input"): what an unauthenticated socket may
 * send, how many such sockets one address may hold, what the server buffers
 * for a reader that does not read, and how fast one socket may write. Each
 * is held with a named close code or by reading more slowly, and nothing
 * else on the server notices.
 */
import fs from 'node:fs/promises'
import type { Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { openSqliteBoardLog } from '../../server/log/sqlite.ts'
import WebSocket from 'ws'
import { encodeClientFrame } from '../../shared/frames.ts'
import { CloseCode, MESSAGE_TOO_BIG } from '../../shared/protocol.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, seal, type TestBoard } from '../kit/boards.ts'
import { joinBoard, RawClient } from '../kit/rawClient.ts'
import { startServerProcess } from '../kit/serverProcess.ts'
import { sleep } from '../kit/waits.ts'

const MiB = 1024 * 1024
const tcpOf = (client: RawClient) => (client.socket as unknown as { _socket: Socket })._socket

/** A sealed payload that fills most of a frame. */
const nearlyAFrame = (board: TestBoard, i: number) => seal(board, `${i}`.padEnd(MiB - 4096, '.'))

/** Bytes of ArrayBuffers (every Buffer) this process holds, after full collections. */
async function buffersHeld(): Promise<number> {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error('run with --expose-gc (vite.config.ts sets it for integration tests)')
  // V8 frees the memory of dead buffers a little after the collection that found them, and says nothing when it has:
  // collect, let it run, collect.
  for (let round = 0; round < 3; round++) {
    collect()
    await sleep(50)
  }
  return process.memoryUsage().arrayBuffers
}

/** The server process frees what it read on its own schedule and announces nothing; its RSS is read after a moment's quiet. */
async function settleMemory(): Promise<void> {
  await sleep(500)
}

describe('limits in bytes and resources', () => {
  it('a 1 MiB frame before hello closes that socket at once (1009, cut off from its header) and the server does not grow by more than a few MB', async () => {
    const server = await startServerProcess()
    const board = await createBoard(server)
    const before = server.rssBytes()
    const client = await RawClient.connect(server.wsUrl)
    client.sendRaw(encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed: new Uint8Array(MiB - 64) }))
    expect((await client.waitForClose()).code).toBe(MESSAGE_TOO_BIG)
    await settleMemory()
    expect(server.rssBytes() - before).toBeLessThan(4 * MiB)
    // The board is untouched.
    const joined = await joinBoard(server, board)
    expect(await joined.client.pushUpdate(1, await seal(board, 'still fine'))).toBe(1)
  })

  it('one address may hold only a few sockets that have not said hello; the next is refused with 4529, and a socket let in frees its place', async () => {
    const { server } = await newServer({ limits: { maxUnauthenticatedPerIp: 3 } })
    const board = await createBoard(server)
    const silent = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.wsUrl)))
    const refused = await RawClient.connect(server.wsUrl)
    expect(await refused.waitForClose()).toEqual({
      code: CloseCode.tooManyConnections,
      reason: 'too many unauthenticated connections from this address',
    })

    silent[0]!.hello(board)
    await silent[0]!.waitFor('replayDone')
    const admitted = await joinBoard(server, board)
    expect(admitted.headSeq).toBe(0)
  })

  it('a board holds a bounded number of sockets; one more is refused with 4529 and the others keep working', async () => {
    const { server } = await newServer({ limits: { maxSocketsPerBoard: 2 } })
    const board = await createBoard(server)
    const [a, b] = [await joinBoard(server, board), await joinBoard(server, board)]
    const third = await RawClient.connect(server.wsUrl)
    third.hello(board)
    expect(await third.waitForClose()).toEqual({ code: CloseCode.tooManyConnections, reason: 'too many connections to this board' })
    const seq = await a.client.pushUpdate(1, await seal(board, 'two of us'))
    await b.client.waitFor('entry', (e) => e.seq === seq)
  })

  it('a reader that never reads is closed with 4508 while the writer and another board keep working, and the server holds little for it', async () => {
    // The log on this thread: the log's own thread frees what it was handed on its own schedule, which
    // would count here; what this test weighs is what the relay holds for its readers.
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-slow-reader-'))
    onTestFinished(() => fs.rm(dataDir, { recursive: true, force: true }))
    const { server } = await newServer({
      log: openSqliteBoardLog(dataDir),
      limits: { slowConsumerBytes: 256 * 1024, documentBytesPerSecond: 1024 * MiB, boardBytesPerSecond: 1024 * MiB },
    })
    const board = await createBoard(server)
    const otherBoard = await createBoard(server)
    const writer = await joinBoard(server, board)
    const stalled = await Promise.all([1, 2, 3, 4].map(() => joinBoard(server, board)))
    for (const { client } of stalled) tcpOf(client).pause()
    const [other1, other2] = [await joinBoard(server, otherBoard), await joinBoard(server, otherBoard)]
    const before = await buffersHeld()

    const frames = 40
    for (let ref = 1; ref <= frames; ref++) writer.client.send({ tag: 'pushUpdate', ref, sealed: await nearlyAFrame(board, ref) })
    await writer.client.waitFor('ack', (a) => a.ref === frames, 30_000)
    const seq = await other1.client.pushUpdate(1, await seal(otherBoard, 'elsewhere, unaffected'))
    await other2.client.waitFor('entry', (e) => e.seq === seq)
    // Buffers, not RSS: what the process still holds after a collection, free of the collector's and the allocator's timing.
    const heldFor = (await buffersHeld()) - before
    console.info(`slow consumers: ${(heldFor / MiB).toFixed(1)} MiB of buffers held after ${frames} MiB went by 4 stalled readers`)
    // Buffered for the stalled readers, most of the 40 MiB would still be held (a socket's kernel buffers take only a few).
    expect(heldFor).toBeLessThan(12 * MiB)

    for (const { client } of stalled) tcpOf(client).resume()
    for (const { client } of stalled) expect((await client.waitForClose(10_000)).code).toBe(CloseCode.overloaded)
    expect(writer.client.socket.readyState).toBe(WebSocket.OPEN)
  })

  it('a socket pushing 1 MiB frames as fast as it can is throttled by bytes, never closed, while another board keeps working', async () => {
    const { server } = await newServer({ limits: { documentBytesPerSecond: 2 * MiB, documentByteBurst: 2 * MiB } })
    const board = await createBoard(server)
    const otherBoard = await createBoard(server)
    const flooder = await joinBoard(server, board)
    const [other1, other2] = [await joinBoard(server, otherBoard), await joinBoard(server, otherBoard)]

    const frames = 8
    const sealed = await Promise.all(Array.from({ length: frames }, (_, i) => nearlyAFrame(board, i)))
    const started = performance.now()
    sealed.forEach((s, i) => flooder.client.send({ tag: 'pushUpdate', ref: i + 1, sealed: s }))
    for (let ref = 1; ref <= 10; ref++) {
      const seq = await other1.client.pushUpdate(ref, await seal(otherBoard, `meanwhile ${ref}`))
      await other2.client.waitFor('entry', (e) => e.seq === seq)
    }
    // The other board was served while the flood was still being read.
    expect(flooder.client.framesOf('ack').length).toBeLessThan(frames)
    await flooder.client.waitFor('ack', (a) => a.ref === frames, 15_000)
    // Eight MiB at two a second, after a burst of two, cannot be read in much under three seconds.
    expect(performance.now() - started).toBeGreaterThan(2500)
    expect(flooder.client.socket.readyState).toBe(WebSocket.OPEN)
  })

  it('closing and reopening sockets gets no more through than the documented rate and burst, for a board and for one address', async () => {
    const LARGE = 1024 * MiB
    const budget = { rate: 512 * 1024, burst: 512 * 1024 }
    for (const [which, limits] of [
      [
        'the board',
        { boardBytesPerSecond: budget.rate, boardByteBurst: budget.burst, documentBytesPerSecond: LARGE, documentByteBurst: LARGE },
      ],
      [
        'one address',
        { documentBytesPerSecond: budget.rate, documentByteBurst: budget.burst, boardBytesPerSecond: LARGE, boardByteBurst: LARGE },
      ],
    ] as const) {
      const { server } = await newServer({ limits })
      const board = await createBoard(server)
      const sealed = await seal(board, '.'.repeat(128 * 1024 - 64))
      const started = performance.now()
      let through = 0
      for (let socket = 1; socket <= 4; socket++) {
        const { client } = await joinBoard(server, board)
        for (let ref = 1; ref <= 4; ref++) {
          await client.pushUpdate(ref, sealed)
          through += sealed.byteLength
        }
        client.close()
        await client.closed
      }
      const seconds = (performance.now() - started) / 1000
      console.info(
        `${which}: ${(through / MiB).toFixed(1)} MiB through four sockets in turn in ${seconds.toFixed(1)} s, at ${budget.rate / 1024} KiB/s after a burst of ${budget.burst / 1024} KiB`,
      )
      // A bucket lets its burst through, then its rate, and takes one frame into debt before it stops reading.
      expect(through, which).toBeLessThanOrEqual(budget.burst + budget.rate * seconds + sealed.byteLength)
    }
  })

  it('a flood of presence from one socket slows only that socket: its partner stays connected and keeps getting the board’s updates', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const flooder = await joinBoard(server, board)
    const partner = await joinBoard(server, board)
    const writer = await joinBoard(server, board)
    // The partner reads nothing for now: whatever the server sends it piles up there.
    tcpOf(partner.client).pause()
    const presence = encodeClientFrame({ tag: 'pushAwareness', sealed: await seal(board, 'here'.padEnd(MiB - 4096, '.'), 'awareness') })
    const frames = 64
    const allWritten = new Promise<void>((resolve) => {
      for (let i = 1; i <= frames; i++) flooder.client.socket.send(presence, i === frames ? () => resolve() : undefined)
    })
    // A server that reads the whole flood takes it all within moments, so the last frame is written; one that reads the
    // flooder more slowly never takes it. Either way, after this the flood has gone as far as it will.
    await Promise.race([allWritten, sleep(2000)])
    const seq = await writer.client.pushUpdate(1, await seal(board, 'said during the flood'))
    tcpOf(partner.client).resume()
    await partner.client.waitFor('entry', (e) => e.seq === seq, 10_000)
    const after = await writer.client.pushUpdate(2, await seal(board, 'and after it'))
    await partner.client.waitFor('entry', (e) => e.seq === after)
    expect(partner.client.socket.readyState).toBe(WebSocket.OPEN)
    console.info(
      `presence flood: the partner got ${partner.client.framesOf('awareness').length} of ${frames} presence frames of 1 MiB, and stayed`,
    )
    expect(partner.client.framesOf('awareness').length).toBeLessThanOrEqual(2)
    expect(flooder.client.socket.readyState).toBe(WebSocket.OPEN)
  })
})
