/** The caps on live boards and stored bytes (server/http/boardCapacity.ts). */
import { describe, expect, it } from 'vitest'
import { BoardCapacity } from '../../../server/http/boardCapacity.ts'
import { HttpError } from '../../../server/http/responses.ts'

/** A log whose usage the test sets, counting how often it is asked. */
function usageLog(boards: number, storedBytes: number) {
  const log = {
    boards,
    storedBytes,
    scans: 0,
    async usage() {
      log.scans += 1
      return { boards: log.boards, storedBytes: log.storedBytes }
    },
  }
  return log
}

async function refusal(capacity: BoardCapacity): Promise<string | null> {
  try {
    await capacity.reservePlace()
    return null
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError)
    expect((error as HttpError).status).toBe(507)
    return (error as HttpError).code
  }
}

describe('the board caps', () => {
  it('a burst of creations costs one scan of the log, and the board count follows each one', async () => {
    const log = usageLog(0, 0)
    const capacity = new BoardCapacity(log, { maxBoards: 3, maxStoredBytes: 1000 }, () => 0)
    // Racing creations share one scan and cannot all take the last place.
    const results = await Promise.all([1, 2, 3, 4].map(() => refusal(capacity)))
    expect(results).toEqual([null, null, null, 'board_limit_reached'])
    expect(log.scans).toBe(1)
  })

  it('a released place (a taken id, a deleted board) can be used again', async () => {
    const capacity = new BoardCapacity(usageLog(1, 0), { maxBoards: 2, maxStoredBytes: 1000 }, () => 0)
    expect(await refusal(capacity)).toBeNull()
    expect(await refusal(capacity)).toBe('board_limit_reached')
    capacity.releasePlace()
    expect(await refusal(capacity)).toBeNull()
  })

  it('past the stored bytes answers storage_full; the usage is read again after a few seconds', async () => {
    let now = 0
    const log = usageLog(0, 999)
    const capacity = new BoardCapacity(log, { maxBoards: 100, maxStoredBytes: 1000 }, () => now)
    expect(await refusal(capacity)).toBeNull()
    log.storedBytes = 1000
    now += 1000
    expect(await refusal(capacity)).toBeNull()
    now += 5000
    expect(await refusal(capacity)).toBe('storage_full')
    expect(log.scans).toBe(2)
  })
})
