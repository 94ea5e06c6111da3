/**
 * The SQLite log empties its WAL after a deletion (server/log/sqliteWalTruncation.ts),
 * and a reader holding an older snapshot only delays that: the deletion
 * itself is not held up, and the WAL is emptied once the reader lets go.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { openSqliteBoardLog, SQLITE_FILE_NAME } from '../../../server/log/sqlite.ts'

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
const OTHER = 'BBBBBBBBBBBBBBBBBBBBBB'
const TOKEN_HASH = 'h'.repeat(43)

async function logWithBoards() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-wal-'))
  const log = openSqliteBoardLog(dataDir)
  onTestFinished(async () => {
    await log.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  await log.createBoard(BOARD, TOKEN_HASH)
  await log.createBoard(OTHER, TOKEN_HASH)
  // Small enough to sit whole in one page, so a byte search finds it.
  const sealed = randomBytes(500)
  await log.append([{ kind: 'update', boardId: BOARD, sealed }])
  const file = path.join(dataDir, SQLITE_FILE_NAME)
  return { log, file, sealed, wal: () => fs.readFileSync(`${file}-wal`) }
}

describe("the SQLite log's WAL after a deletion", () => {
  it('is emptied as the deletion returns', async () => {
    const { log, sealed, wal } = await logWithBoards()
    expect(wal().includes(sealed)).toBe(true)
    expect(await log.retireBoard(BOARD, 'deleted')).toBe(true)
    expect(wal().length).toBe(0)
  })

  it('is emptied once a reader holding an older snapshot lets go, and the log keeps working meanwhile', async () => {
    // The retry's clock is the test's: it moves only when the test says.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    onTestFinished(() => void vi.useRealTimers())
    const { log, file, sealed, wal } = await logWithBoards()
    const reader = new Database(file, { readonly: true })
    onTestFinished(() => void reader.close())
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM updates').get()

    expect(await log.retireBoard(BOARD, 'deleted')).toBe(true)
    // The reader may still read the board, so its pages stay in the WAL for now.
    expect(wal().includes(sealed)).toBe(true)
    await log.append([{ kind: 'update', boardId: OTHER, sealed: randomBytes(100) }])

    // Still held: the retry finds the reader there and waits longer.
    vi.advanceTimersByTime(1000)
    expect(wal().includes(sealed)).toBe(true)

    reader.exec('COMMIT')
    vi.advanceTimersByTime(2000)
    expect(wal().length).toBe(0)
    expect((await log.readReplay(OTHER, 0))?.updates).toHaveLength(1)
  })
})
