/**
 * A graceful restart (docs/design.md "Nothing acknowledged is ever lost"): on
 * SIGTERM the server stops taking frames, lets the append queue commit and
 * ack, and only then closes every socket with 1012. A commit whose ack was
 * lost would make the client push the same change again after the restart,
 * so the log itself is the witness: no two entries may hold the same change.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { describe, expect, it, onTestFinished } from 'vitest'
import WebSocket from 'ws'
import type { BoardLog } from '../../server/log/types.ts'
import { openSqliteBoardLog } from '../../server/log/sqlite.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, seal } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { deriveBoardKeys, openPayload } from '../../shared/crypto.ts'
import { SERVICE_RESTART } from '../../shared/protocol.ts'
import { startServerProcess } from '../kit/serverProcess.ts'
import { withStoredLog } from '../kit/storedLog.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { WireTap } from '../kit/wireTap.ts'
import { settle, sleep, until } from '../kit/waits.ts'

/** Every change (client id, clock range) in the stored updates; a change stored twice shows up twice. */
async function storedChanges(dataDir: string, boardId: string, encryptionKey: CryptoKey): Promise<string[]> {
  const rows = withStoredLog(
    dataDir,
    (db) => db.prepare('SELECT sealed FROM updates WHERE board_id = ? ORDER BY seq').all(boardId) as { sealed: Buffer }[],
  )
  const changes: string[] = []
  for (const { sealed } of rows) {
    const update = await openPayload(encryptionKey, boardId, 'update', sealed)
    for (const struct of Y.decodeUpdate(update).structs) {
      for (let clock = struct.id.clock; clock < struct.id.clock + struct.length; clock++) changes.push(`${struct.id.client}:${clock}`)
    }
  }
  return changes
}

describe('graceful restart', () => {
  it('SIGTERM during a stream of pushes loses no ack of a committed frame and causes no duplicate push', async () => {
    const first = await startServerProcess()
    const board = await createBoard(first)
    const tap = new WireTap()
    const writer = syncClient(first, board, new Y.Doc(), tap.WebSocketImpl)
    await waitForState(writer, 'saved')

    const total = 300
    let written = 0
    let signalled = false
    const exited = first.exited
    while (written < total) {
      writer.notes.push([`note ${written++}`])
      if (written === 120) {
        first.child.kill('SIGTERM')
        signalled = true
      }
      // A stream, not a burst: the SIGTERM lands while pushes are still being made.
      await sleep(2)
    }
    expect(signalled).toBe(true)
    expect(await exited).toEqual({ code: 0, signal: null })
    const firstConnection = tap.connections[0]!
    const acked = new Set(firstConnection.received.flatMap((f) => (f.tag === 'ack' ? [f.ref] : [])))
    expect(acked.size).toBeGreaterThan(0)

    const second = await startServerProcess({ PORT: String(first.port) }, first.dataDir)
    await waitForState(writer, 'saved', 20_000)
    const reader = syncClient(second, board)
    await until(() => expect(reader.notes.length).toBe(total), { timeoutMs: 10_000 })
    expect(new Set(reader.notes.toArray()).size).toBe(total)

    const { encryptionKey } = await deriveBoardKeys(board.boardId, board.secret)
    const changes = await storedChanges(second.dataDir, board.boardId, encryptionKey)
    expect(changes.length).toBe(new Set(changes).size)
    expect(firstConnection.closedWith).toBe(SERVICE_RESTART)
  })

  it('while a commit is held, closing the server closes no socket and sends no ack; once it commits, the ack goes out before the 1012 close', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-held-'))
    onTestFinished(() => fs.rm(dataDir, { recursive: true, force: true }))
    const held = heldCommits(openSqliteBoardLog(dataDir))
    const { server } = await newServer({ log: held.log })
    const board = await createBoard(server)
    const { client } = await joinBoard(server, board)
    held.hold()
    client.send({ tag: 'pushUpdate', ref: 1, sealed: await seal(board, 'in flight at shutdown') })
    await held.reached
    const closing = server.close()

    // The commit is held, so the server can go no further than waiting for it; it runs in this process, so once its
    // event loop has turned a few times (loopback I/O included) anything it would send before the commit has arrived.
    await settle(20)
    expect(client.framesOf('ack')).toEqual([])
    expect(client.socket.readyState).toBe(WebSocket.OPEN)

    held.release()
    const { code } = await client.waitForClose()
    expect(code).toBe(SERVICE_RESTART)
    const frames = client.frames.map((f) => f.tag)
    expect(frames.at(-1)).toBe('ack')
    expect(client.framesOf('ack')).toEqual([{ tag: 'ack', ref: 1, seq: 1 }])
    await closing
  })
})

/** A board log whose next commit waits until the test releases it. */
function heldCommits(log: BoardLog) {
  let gate: Promise<void> | null = null
  let release = () => {}
  let reached = () => {}
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve))
  const append: BoardLog['append'] = async (items) => {
    if (gate !== null) {
      reached()
      await gate
    }
    return log.append(items)
  }
  // Every other method is the real log's, bound to it (its private fields need the real `this`).
  const wrapped = new Proxy(log, {
    get: (target, name) =>
      name === 'append' ? append : (Reflect.get(target, name, target)?.bind?.(target) ?? Reflect.get(target, name, target)),
  })
  return {
    log: wrapped,
    reached: reachedPromise,
    hold() {
      gate = new Promise<void>((resolve) => (release = resolve))
    },
    release: () => release(),
  }
}
