/** The storage contract against the SQLite log, plus what only SQLite has: its pragmas and schema version. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteBoardLog, SQLITE_FILE_NAME } from '../../../server/log/sqlite.ts'
import { describeBoardLogContract } from './boardLogContract.ts'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-unit-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
let dirs = 0
let latest = ''

describeBoardLogContract('SQLite', {
  async open() {
    latest = path.join(root, `log-${++dirs}`)
    return openSqliteBoardLog(latest)
  },
  async reopen() {
    return openSqliteBoardLog(latest)
  },
})

describe('the SQLite file', () => {
  it('is created in the data dir in WAL mode with a schema version, and opening it again is harmless', async () => {
    const dataDir = path.join(root, 'nested', 'data')
    await (await openSqliteBoardLog(dataDir)).close()
    await (await openSqliteBoardLog(dataDir)).close()
    const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    db.close()
  })

  it('refuses a file written by a newer server', async () => {
    const dataDir = path.join(root, 'newer')
    fs.mkdirSync(dataDir)
    const db = new Database(path.join(dataDir, SQLITE_FILE_NAME))
    db.pragma('user_version = 99')
    db.close()
    expect(() => openSqliteBoardLog(dataDir)).toThrow(/schema version 99/)
  })
})
