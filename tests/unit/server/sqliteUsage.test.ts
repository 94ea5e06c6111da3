/** What the SQLite log counts toward the caps on boards and stored bytes (BoardLog.usage). */
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteBoardLog } from '../../../server/log/sqlite.ts'

const hash = 'h'.repeat(43)
const logs: SqliteBoardLog[] = []
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close()
})

describe('SQLite log usage', () => {
  it('counts live boards and the bytes of their updates and snapshot parts; a deleted board counts for nothing', async () => {
    const log = new SqliteBoardLog(':memory:')
    logs.push(log)
    expect(await log.usage()).toEqual({ boards: 0, storedBytes: 0 })

    const [kept, deleted] = ['A'.repeat(22), 'B'.repeat(22)]
    await log.createBoard(kept, hash)
    await log.createBoard(deleted, hash)
    await log.append([
      { kind: 'update', boardId: kept, sealed: new Uint8Array(100) },
      { kind: 'update', boardId: kept, sealed: new Uint8Array(50) },
      { kind: 'update', boardId: deleted, sealed: new Uint8Array(1000) },
    ])
    expect(await log.usage()).toEqual({ boards: 2, storedBytes: 1150 })

    await log.retireBoard(deleted, 'deleted')
    // The snapshot replaces the two updates it covers: 300 bytes in two parts instead of 150.
    await log.append([
      {
        kind: 'snapshot',
        boardId: kept,
        coversSeq: 2,
        carriesChanges: false,
        keepSeqs: [],
        parts: [new Uint8Array(200), new Uint8Array(100)],
      },
    ])
    expect(await log.usage()).toEqual({ boards: 1, storedBytes: 300 })
  })
})
