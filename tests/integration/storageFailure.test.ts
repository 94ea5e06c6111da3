/**
 * "Nothing acknowledged is ever lost" when the database fails: a failed
 * append is never acked, its senders are closed with 4503 ("try again
 * later", so clients keep their edits and resend), and the server keeps
 * serving and appends again once the database recovers. The fault is a real
 * SQLite error, raised by a trigger installed through a second connection.
 */
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, seal } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { withStoredLog } from '../kit/storedLog.ts'

const breakAppends = (dataDir: string) =>
  withStoredLog(dataDir, (db) =>
    db.exec("CREATE TRIGGER fail_appends BEFORE INSERT ON updates BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"),
  )
const repairAppends = (dataDir: string) => withStoredLog(dataDir, (db) => db.exec('DROP TRIGGER fail_appends'))

describe('storage failure', () => {
  it('a failed append closes its senders with 4503 and sends no ack; the server keeps serving and appends work again after', async () => {
    const { server, dataDir, logLines } = await newServer()
    const board = await createBoard(server)
    const alice = await joinBoard(server, board)
    const carol = await joinBoard(server, board)
    const bob = await joinBoard(server, board)
    expect(await alice.client.pushUpdate(1, await seal(board, 'before the fault'))).toBe(1)

    breakAppends(dataDir)
    alice.client.send({ tag: 'pushUpdate', ref: 2, sealed: await seal(board, 'lost to the fault') })
    carol.client.send({ tag: 'pushUpdate', ref: 1, sealed: await seal(board, 'also lost') })
    expect(await alice.client.waitForClose()).toEqual({ code: CloseCode.storageUnavailable, reason: 'storage unavailable' })
    expect(await carol.client.waitForClose()).toEqual({ code: CloseCode.storageUnavailable, reason: 'storage unavailable' })
    expect(alice.client.framesOf('ack').map((a) => a.ref)).toEqual([1])
    expect(carol.client.framesOf('ack')).toEqual([])
    expect(logLines.filter((line) => line.includes('failed'))).toContainEqual(
      expect.stringMatching(/^relay: append of \d item\(s\) failed, closing their sockets with 4503: database or disk is full$/),
    )

    // Reads still work while appends fail: the board opens and the API answers.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    const reader = await joinBoard(server, board)
    expect(reader.replay.map((e) => e.seq)).toEqual([1])
    expect(reader.headSeq).toBe(1)

    repairAppends(dataDir)
    // The failed transaction rolled back entirely: the next seq is 2, with no hole.
    expect(await reader.client.pushUpdate(1, await seal(board, 'after the fault'))).toBe(2)
    await bob.client.waitFor('entry', (e) => e.seq === 2)
    expect(bob.client.framesOf('entry').map((e) => e.seq)).toEqual([1, 2])
  })
})
