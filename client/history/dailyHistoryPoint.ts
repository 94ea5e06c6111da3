import type { BoardSession } from '../sync/openBoard.ts'
import { listVersions } from './historyApi.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Once a day the board is used, its history gains a version: on opening,
 * when the newest stored version is a day old (or there is none), one is
 * asked for. A board unchanged since its last version needs none, and the
 * transport stores none. Offline, it is simply tried again next time.
 */
export async function keepDailyHistoryPoint(
  session: Pick<BoardSession, 'boardId' | 'secret' | 'clock' | 'requestHistoryPoint'>,
): Promise<void> {
  try {
    const [newest] = await listVersions(session)
    if (newest === undefined || session.clock.now() - newest.createdAt >= DAY_MS) await session.requestHistoryPoint()
  } catch (error) {
    console.info('The daily version of the board is left for next time:', error)
  }
}
