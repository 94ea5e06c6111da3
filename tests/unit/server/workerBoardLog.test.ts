/** The storage contract against the SQLite log on its own thread, the store the server runs on. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openWorkerBoardLog, startLogThread, WorkerBoardLog } from '../../../server/log/workerBoardLog.ts'
import { DEFAULT_LOG_OPTIONS } from '../../../server/log/types.ts'
import { describeBoardLogContract } from '../../kit/boardLogContract.ts'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-worker-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
let dirs = 0
let latest = ''

describeBoardLogContract('SQLite in a worker thread', {
  async open(options) {
    latest = path.join(root, `log-${++dirs}`)
    return openWorkerBoardLog(latest, options)
  },
  async reopen(options) {
    return openWorkerBoardLog(latest, options)
  },
})

describe('the log worker', () => {
  it('refuses to start on a file written by a newer server, with the reason', async () => {
    const dataDir = path.join(root, 'newer')
    const first = await openWorkerBoardLog(dataDir)
    await first.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(path.join(dataDir, 'common-ground.sqlite'))
    db.pragma('user_version = 99')
    db.close()
    await expect(openWorkerBoardLog(dataDir)).rejects.toThrow(/schema version 99, newer than this server's/)
  })

  it('keeps the tail size in step with commits without asking the worker on every push', async () => {
    const log = await openWorkerBoardLog(path.join(root, 'tails'))
    await log.createBoard('b'.repeat(22), 'h'.repeat(43))
    const boardId = 'b'.repeat(22)
    expect(await log.tailSize(boardId)).toEqual({ updates: 0, bytes: 0 })
    await log.append([
      { kind: 'update', boardId, sealed: new Uint8Array(10) },
      { kind: 'update', boardId, sealed: new Uint8Array(5) },
    ])
    expect(await log.tailSize(boardId)).toEqual({ updates: 2, bytes: 15 })
    await log.close()
  })

  it('a call in flight when the thread dies fails, so nothing unstored is acked; the next call is served by a fresh thread', async () => {
    const dataDir = path.join(root, 'dies')
    const thread = await startLogThread(dataDir)
    const log = new WorkerBoardLog(dataDir, DEFAULT_LOG_OPTIONS, thread)
    const boardId = 'c'.repeat(22)
    await log.createBoard(boardId, 'h'.repeat(43))
    const inFlight = log.append([{ kind: 'update', boardId, sealed: new Uint8Array(3) }])
    await thread.terminate()
    await expect(inFlight).rejects.toThrow(/exited/)
    // The fresh thread reads the same file: the board is there, and appends go on.
    expect(await log.getBoard(boardId)).toMatchObject({ status: 'live' })
    const [result] = await log.append([{ kind: 'update', boardId, sealed: new Uint8Array(3) }])
    expect(result).toMatchObject({ status: 'stored' })
    await log.close()
    await expect(log.getBoard(boardId)).rejects.toThrow(/closed/)
  })
})
