import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { createSubscriber } from 'svelte/reactivity'
import { newId } from '../core/ids.ts'
import type { BoardSession } from '../sync/openBoard.ts'
import { keepDailyHistoryPoint } from './dailyHistoryPoint.ts'
import { listVersions, readVersion, type HistoryVersion } from './historyApi.ts'
import { latestRestore, restoresMap, type RestoreRecord } from './restoreRecord.ts'
import { restoreVersion, undoRestore, type RestoreAct } from './restoreVersion.ts'
import { describeVersion, type VersionDescription } from './versionDescription.ts'

/** How long keeping the current version may take (offline, it cannot) before a restore is given up. */
const KEEP_CURRENT_MS = 15_000

type HistorySession = Pick<BoardSession, 'boardId' | 'secret' | 'doc' | 'clock' | 'requestHistoryPoint'>

/** A board's history: its stored versions, reading one, bringing one back, and the record of the latest restore. */
export class BoardHistory {
  readonly #session: HistorySession
  readonly #whoAmI: () => string | null
  readonly #afterRestore: () => void
  readonly #subscribe: () => void

  /** `whoAmI`: this device's person id on the board, named as whoever restores (null before joining). */
  /** `afterRestore`: a restore is an edit, so the shell has this device sign the words it left (the cards feature's). */
  constructor(session: HistorySession, whoAmI: () => string | null, afterRestore: () => void = () => {}) {
    this.#session = session
    this.#whoAmI = whoAmI
    this.#afterRestore = afterRestore
    const restores = restoresMap(session.doc)
    this.#subscribe = createSubscriber((update) => {
      restores.observe(update)
      return () => restores.unobserve(update)
    })
  }

  /** Stored versions, newest first. */
  list(): Promise<HistoryVersion[]> {
    return listVersions(this.#session)
  }

  read(seq: number): Promise<Y.Doc> {
    return readVersion(this.#session, seq)
  }

  /**
   * Tells the versions apart, newest first: each is read and compared with
   * the one before it, one at a time (each is the whole board), and handed to
   * `described` as it is known (null for one that cannot be read). Stops
   * when `stopped()` says the list is gone.
   */
  async describe(
    versions: readonly HistoryVersion[],
    described: (seq: number, description: VersionDescription | null) => void,
    stopped: () => boolean,
  ): Promise<void> {
    let newer: { seq: number; doc: Y.Doc } | null = null
    for (const version of versions) {
      if (stopped()) break
      let doc: Y.Doc
      try {
        doc = await this.read(version.seq)
      } catch (error) {
        // Gone since it was listed, or unreadable: it shows its time only, and the next is compared with the one after.
        console.info(`Version ${version.seq} is shown by its time only:`, error)
        described(version.seq, null)
        continue
      }
      if (newer !== null) {
        described(newer.seq, describeVersion(newer.doc, doc))
        newer.doc.destroy()
      }
      newer = { seq: version.seq, doc }
    }
    if (newer !== null && !stopped()) described(newer.seq, describeVersion(newer.doc, null))
    newer?.doc.destroy()
  }

  /** The latest restore (or undo of one) on the board, read again whenever it changes; null when there was none. */
  get latest(): RestoreRecord | null {
    this.#subscribe()
    return latestRestore(this.#session.doc)
  }

  /**
   * Brings a version back for everyone, naming this device's person. The
   * board as it is now becomes a version first, and the cards it replaces
   * are kept in the record, so the restore can be undone; false (and nothing
   * restored) when the current version could not be kept in time.
   */
  async restore(version: Y.Doc, versionAt: number): Promise<boolean> {
    return this.#afterKeepingCurrent((act) => (restoreVersion(this.#session.doc, version, versionAt, act), true))
  }

  /** Takes the latest restore back for everyone, the same way; false when it could not be done. */
  async undo(restore: RestoreRecord): Promise<boolean> {
    return this.#afterKeepingCurrent((act) => undoRestore(this.#session.doc, restore, act))
  }

  async #afterKeepingCurrent(change: (act: RestoreAct) => boolean): Promise<boolean> {
    const byId = this.#whoAmI()
    if (byId === null) return false
    let timer: ReturnType<typeof setTimeout> | undefined
    const kept = await Promise.race([
      this.#session.requestHistoryPoint().then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), KEEP_CURRENT_MS))),
    ])
    clearTimeout(timer)
    if (!kept || !change({ id: newId(), byId, at: this.#session.clock.now() })) return false
    this.#afterRestore()
    void this.#session.requestHistoryPoint()
    return true
  }

  /** The day's version, asked for on the board's first opening that day. */
  keepDailyPoint(): Promise<void> {
    return keepDailyHistoryPoint(this.#session)
  }
}

export const [getHistory, setHistory] = createContext<BoardHistory>()
