import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { BoardSession } from '../sync/openBoard.ts'
import { keepDailyHistoryPoint } from './dailyHistoryPoint.ts'
import { listVersions, readVersion, type HistoryVersion } from './historyApi.ts'
import { restoreVersion } from './restoreVersion.ts'

/** How long keeping the current version may take (offline, it cannot) before a restore is given up. */
const KEEP_CURRENT_MS = 15_000

type HistorySession = Pick<BoardSession, 'boardId' | 'secret' | 'doc' | 'clock' | 'requestHistoryPoint'>

/** A board's history: its stored versions, reading one, and bringing one back. */
export class BoardHistory {
  readonly #session: HistorySession

  constructor(session: HistorySession) {
    this.#session = session
  }

  /** Stored versions, newest first. */
  list(): Promise<HistoryVersion[]> {
    return listVersions(this.#session)
  }

  read(seq: number): Promise<Y.Doc> {
    return readVersion(this.#session, seq)
  }

  /**
   * Brings a version back for everyone. The board as it is now becomes a
   * version first, so the restore can itself be undone from the history;
   * false (and nothing restored) when that could not be done in time.
   */
  async restore(version: Y.Doc): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const kept = await Promise.race([
      this.#session.requestHistoryPoint().then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), KEEP_CURRENT_MS))),
    ])
    clearTimeout(timer)
    if (!kept) return false
    restoreVersion(this.#session.doc, version)
    void this.#session.requestHistoryPoint()
    return true
  }

  /** The day's version, asked for on the board's first opening that day. */
  keepDailyPoint(): Promise<void> {
    return keepDailyHistoryPoint(this.#session)
  }
}

export const [getHistory, setHistory] = createContext<BoardHistory>()
