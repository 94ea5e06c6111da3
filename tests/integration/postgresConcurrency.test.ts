/**
 * Several server processes on one PostgreSQL database, each a log with a
 * pool of its own: seqs stay gap-free and ordered per board whatever the
 * interleaving, what one process appends counts in the tail another reads,
 * and an append is acknowledged only once its transaction has committed.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { openPostgresBoardLog, type PostgresBoardLog } from '../../server/log/postgres.ts'
import type { AppendItem } from '../../server/log/types.ts'
import { startPostgres, withPostgresClient, type PostgresServer } from '../kit/services/postgres.ts'
import { readWholeReplay } from '../../server/log/wholeReads.ts'
import { until } from '../kit/waits.ts'
import type pg from 'pg'

let server: PostgresServer
beforeAll(async () => {
  server = await startPostgres()
})
afterAll(() => server?.destroy())

const hash = 'h'.repeat(43)
const boardIds = ['board-a', 'board-b', 'board-c', 'board-d'].map((name) => name.padEnd(22, '0'))
const text = new TextEncoder()
const update = (boardId: string, payload: string): AppendItem => ({ kind: 'update', boardId, sealed: text.encode(payload) })

/** Two logs on one fresh database, as two server processes would hold it; closed when the test ends. */
async function twoProcesses(): Promise<{ first: PostgresBoardLog; second: PostgresBoardLog; url: string }> {
  const url = await server.createDatabase()
  const first = await openPostgresBoardLog(url)
  const second = await openPostgresBoardLog(url)
  onTestFinished(() => Promise.all([first.close(), second.close()]).then(() => {}))
  for (const id of boardIds) await first.createBoard(id, hash)
  return { first, second, url }
}

/** Whether some connection to the database waits for a lock another transaction holds. */
async function waitingForALock(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ waiting: number }>('SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted')
  return rows[0]!.waiting > 0
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i + 1)

describe('several processes on one PostgreSQL database', () => {
  it('appending concurrently to the same boards in opposite orders, every board’s seqs are exactly 1..N and every update reads back', async () => {
    const { first, second } = await twoProcesses()
    const [LOOPS, BATCHES, PER_BOARD] = [3, 20, 2]
    /** What each process stored, by board and seq. */
    const stored = new Map<string, Map<number, string>>(boardIds.map((id) => [id, new Map()]))
    const writer = async (log: PostgresBoardLog, name: string, order: readonly string[], loop: number) => {
      for (let batch = 0; batch < BATCHES; batch++) {
        const items = order.flatMap((id) => range(PER_BOARD).map((n) => update(id, `${name}/${loop}/${batch}/${n}`)))
        const results = await log.append(items)
        results.forEach((result, i) => {
          expect(result.status).toBe('stored')
          if (result.status !== 'stored') return
          const bySeq = stored.get(items[i]!.boardId)!
          expect(bySeq.has(result.seq), `seq ${result.seq} given twice`).toBe(false)
          bySeq.set(result.seq, new TextDecoder().decode((items[i] as { sealed: Uint8Array }).sealed))
        })
      }
    }
    const reversed = [...boardIds].reverse()
    await Promise.all(range(LOOPS).flatMap((loop) => [writer(first, 'first', boardIds, loop), writer(second, 'second', reversed, loop)]))

    const perBoard = 2 * LOOPS * BATCHES * PER_BOARD
    for (const id of boardIds) {
      expect([...stored.get(id)!.keys()].sort((a, b) => a - b)).toEqual(range(perBoard))
      const replay = await readWholeReplay(second, id, 0)
      expect(replay?.headSeq).toBe(perBoard)
      expect(replay?.updates.map((entry) => entry.seq)).toEqual(range(perBoard))
      for (const entry of replay!.updates) expect(new TextDecoder().decode(entry.sealed)).toBe(stored.get(id)!.get(entry.seq))
      // Within one process's batch a board's updates are in item order, so its seqs follow that order too.
      const byPayload = new Map([...stored.get(id)!].map(([seq, payload]) => [payload, seq]))
      expect(byPayload.get('first/1/0/2')).toBe(byPayload.get('first/1/0/1')! + 1)
    }
  })

  it('the tail size one process reads includes what another appended, and what another’s snapshot dropped', async () => {
    const { first, second } = await twoProcesses()
    const id = boardIds[0]!
    await first.append([update(id, 'abc'), update(id, 'de'), update(id, 'f')])
    expect(await second.tailSize(id)).toEqual({ updates: 3, bytes: 6 })
    await second.append([{ kind: 'snapshot', boardId: id, coversSeq: 2, carriesChanges: false, keepSeqs: [], parts: [new Uint8Array(9)] }])
    expect(await first.tailSize(id)).toEqual({ updates: 1, bytes: 1 })
  })

  it('an append resolves only after its COMMIT: not while another transaction holds the board’s row, then visible to a third connection', async () => {
    const { first, url } = await twoProcesses()
    const id = boardIds[1]!
    await withPostgresClient(url, async (holder) => {
      await holder.query('BEGIN')
      await holder.query('SELECT 1 FROM boards WHERE id = $1 FOR UPDATE', [id])
      let settled = false
      const appending = first.append([update(id, 'waited')]).finally(() => (settled = true))
      // The append has reached the held row and waits for its lock: from here only the COMMIT below can let it on.
      await until(async () => expect(await waitingForALock(holder)).toBe(true))
      expect(settled).toBe(false)
      await holder.query('COMMIT')
      expect(await appending).toEqual([{ status: 'stored', seq: 1 }])
    })
    const seen = await withPostgresClient(url, (third) => third.query('SELECT seq, sealed FROM updates WHERE board_id = $1', [id]))
    expect(seen.rows).toEqual([{ seq: '1', sealed: Buffer.from('waited') }])
  })
})
