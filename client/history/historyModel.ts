import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { createSubscriber } from 'svelte/reactivity'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import { isBelieved } from '../core/deviceTrust.ts'
import { newId } from '../core/ids.ts'
import { peopleMap, readPerson } from '../core/people.ts'
import type { BoardSession } from '../sync/openBoard.ts'
import { keepDailyHistoryPoint } from './dailyHistoryPoint.ts'
import { listVersions, openVersion, type HistoryVersion } from './historyApi.ts'
import { latestRestore, restoresMap, type RestoreRecord } from './restoreRecord.ts'
import { restoreVersion, undoRestore, type RestoreAct } from './restoreVersion.ts'
import { describeVersion, type VersionDescription } from './versionDescription.ts'
import { versionProvenance, type BelievedDevice, type VersionProvenance } from './versionProvenance.ts'

/** How long keeping the current version may take (offline, it cannot) before a restore is given up. */
const KEEP_CURRENT_MS = 15_000

type HistorySession = Pick<BoardSession, 'boardId' | 'secret' | 'doc' | 'clock' | 'requestHistoryPoint'>

/** A version opened from the history: the board as it was, and who kept it, checked against the listing it was opened from. */
export type OpenedVersion = { doc: Y.Doc; provenance: VersionProvenance }

/** A board's history: its stored versions, reading one, bringing one back, and the record of the latest restore. */
export class BoardHistory {
  readonly #session: HistorySession
  readonly #whoAmI: () => string | null
  readonly #trust: Pick<BoardTrust, 'devices' | 'whenAssessed'>
  readonly #origin: string | undefined
  readonly #afterRestore: () => void
  readonly #subscribe: () => void

  /**
   * `whoAmI`: this device's person id on the board, named as whoever
   * restores (null before joining); `trust`: the devices this one believes,
   * whose signatures on versions are checked; `afterRestore`: a restore is
   * an edit, so the shell has this device sign the words it left (the cards
   * feature's); `origin`: the server's, when it is not the page's (Node).
   */
  constructor(
    session: HistorySession,
    whoAmI: () => string | null,
    trust: Pick<BoardTrust, 'devices' | 'whenAssessed'>,
    options: { afterRestore?: () => void; origin?: string } = {},
  ) {
    this.#session = session
    this.#whoAmI = whoAmI
    this.#trust = trust
    this.#origin = options.origin
    this.#afterRestore = options.afterRestore ?? (() => {})
    const restores = restoresMap(session.doc)
    this.#subscribe = createSubscriber((update) => {
      restores.observe(update)
      return () => restores.unobserve(update)
    })
  }

  /** Stored versions, newest first. */
  list(): Promise<HistoryVersion[]> {
    return listVersions(this.#session, this.#origin)
  }

  /** A listed version, and whether the device that kept it signed it as what the listing says it is. */
  async open(version: HistoryVersion): Promise<OpenedVersion> {
    const { doc, signed } = await openVersion(this.#session, version.seq, this.#origin)
    await this.#trust.whenAssessed
    const provenance = await versionProvenance(this.#session.boardId, version, signed, (deviceId) => this.#believedDevice(deviceId))
    return { doc, provenance }
  }

  /** A device believed here (pinned or confirmed, never a changed key) of a person on the board; null for any other. */
  #believedDevice(deviceId: string): BelievedDevice | null {
    const device = this.#trust.devices.get(deviceId)
    if (device === undefined || !isBelieved(device.standing)) return null
    const { alg, publicKey, personId } = device.record
    if (readPerson(personId, peopleMap(this.#session.doc).get(personId)) === null) return null
    return { alg, publicKey, personId }
  }

  /**
   * Tells the versions apart, newest first: each is read and compared with
   * the one before it, one at a time (each is the whole board), and handed to
   * `described` as it is known (null for one that cannot be read); who kept
   * each is handed to `kept` as soon as it is read. Stops when `stopped()`
   * says the list is gone.
   */
  async describe(
    versions: readonly HistoryVersion[],
    described: (seq: number, description: VersionDescription | null) => void,
    stopped: () => boolean,
    kept: (seq: number, provenance: VersionProvenance) => void = () => {},
  ): Promise<void> {
    let newer: { seq: number; doc: Y.Doc } | null = null
    for (const version of versions) {
      if (stopped()) break
      let doc: Y.Doc
      try {
        const opened = await this.open(version)
        doc = opened.doc
        kept(version.seq, opened.provenance)
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
