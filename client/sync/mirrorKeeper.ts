/**
 * Keeps the log mirror on the device, so a reload, a reopened tab or a phone
 * that discarded the tab resumes from the last seq it held instead of
 * reading the whole log again.
 *
 * On open, the kept record is read back before the first hello (the
 * transport waits for `restored`) and the mirror starts from it; its content
 * is applied to the board's doc too (idempotent in Yjs), so the board copy
 * holds at least what the seq covers even if its own store had not caught
 * up. "What the board's doc has and the mirror lacks is exactly what to
 * push" keeps holding. Anything wrong with the record means starting from
 * nothing, as a fresh device does: the server then replays it all.
 *
 * Afterwards the mirror is written back, content and seqs in one record
 * (mirrorRecord.ts), so in one transaction: once the changes have been quiet
 * for a moment, at most every few seconds (longer for a big board) while
 * they keep coming, and when the page is left (`keepNow`).
 */
import type { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import type { LogMirror } from './logMirror.ts'
import { decodeMirrorRecord, encodeMirrorRecord } from './mirrorRecord.ts'

/** Where the record lives: one value, replaced whole in one transaction. */
export type MirrorShelf = {
  /** The kept record, or undefined when there is none. */
  read(): Promise<unknown>
  /** Replaces the kept record in one transaction; resolves once it committed. */
  write(record: ArrayBuffer): Promise<unknown>
}

/** The key of the record in y-indexeddb's `custom` store of the board's own database. */
export const MIRROR_RECORD_KEY = 'log-mirror'

/**
 * The record in the board's own y-indexeddb database (its `custom` store):
 * one put, one transaction, and deleted with the database when the board is
 * forgotten on this device.
 */
export function boardCopyShelf(local: IndexeddbPersistence): MirrorShelf {
  return {
    read: () => local.get(MIRROR_RECORD_KEY),
    write: (record) => local.set(MIRROR_RECORD_KEY, record),
  }
}

/** The origin of the kept content applied to the board's doc, for anything that wants to tell it apart. */
export const KEPT_MIRROR_ORIGIN = 'kept-log-mirror'

/** A write waits until the mirror has been still this long: a replay or a burst is written once, at its end. */
const QUIET_MS = 1000
/** While changes keep coming, a write at least this often… */
const MIN_SAVE_EVERY_MS = 5000
/** …or, for a big board, after one millisecond per this many bytes of its content (1 MiB: every ~10 s). */
const BYTES_PER_MS_BETWEEN_SAVES = 100
/** A record not read by then is left unread: the hello does not wait on a stuck database. */
const READ_WAIT_MS = 3000

export type MirrorKeeperOptions = {
  boardId: string
  mirror: LogMirror
  /** The board's doc: it gets the kept content too. */
  doc: Y.Doc
  shelf: MirrorShelf
  info?: (line: string, error?: unknown) => void
}

export class MirrorKeeper {
  /** Settles once the mirror has started from the kept record, or from nothing; the hello waits for it. */
  readonly restored: Promise<void>
  readonly #options: MirrorKeeperOptions
  #stopListening: () => void = () => {}
  #stopped = false
  #timer: ReturnType<typeof setTimeout> | null = null
  /** When the first change not yet written came, and the latest one (performance.now()); null when all is written. */
  #dirtySince: number | null = null
  #lastChange = 0
  #lastStateBytes = 0
  #toldWriteFailed = false

  constructor(options: MirrorKeeperOptions) {
    this.#options = options
    this.restored = this.#restore().then(() => {
      if (this.#stopped) return
      this.#stopListening = options.mirror.onChange(() => this.#changed())
    })
  }

  /** Writes what is not yet written now (the page is being left); best effort. */
  keepNow(): void {
    if (this.#dirtySince !== null) this.#write()
  }

  /** Writes nothing more (the board is closed, or its copy is being removed from the device). */
  stop(): void {
    this.#stopped = true
    this.#stopListening()
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  async #restore(): Promise<void> {
    const { boardId, mirror, doc, shelf } = this.#options
    let value: unknown
    let giveUp: ReturnType<typeof setTimeout> | undefined
    try {
      const read = shelf.read().then((kept) => ({ kept }))
      const tooLong = new Promise<null>((resolve) => (giveUp = setTimeout(() => resolve(null), READ_WAIT_MS)))
      const outcome = await Promise.race([read, tooLong])
      if (outcome === null) return this.#info('The kept copy of the board’s log took too long to read; the server sends it again.')
      value = outcome.kept
    } catch (error) {
      return this.#info('The kept copy of the board’s log could not be read; the server sends it again.', error)
    } finally {
      clearTimeout(giveUp)
    }
    if (value === undefined || this.#stopped) return
    try {
      const picture = decodeMirrorRecord(boardId, value)
      if (!mirror.restore(picture)) throw new Error('its content is not a Yjs update')
      // The board's own copy may not have stored all of it yet; it must hold at least what the seq covers.
      Y.applyUpdate(doc, picture.state, KEPT_MIRROR_ORIGIN)
      this.#lastStateBytes = picture.state.byteLength
    } catch (error) {
      this.#info('The kept copy of the board’s log was not used; the server sends it again.', error)
    }
  }

  #changed(): void {
    const now = performance.now()
    this.#lastChange = now
    this.#dirtySince ??= now
    if (this.#timer === null) this.#schedule(QUIET_MS)
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null
      const now = performance.now()
      if (this.#dirtySince === null) return
      const quietFor = now - this.#lastChange
      const dirtyFor = now - this.#dirtySince
      const saveEvery = Math.max(MIN_SAVE_EVERY_MS, this.#lastStateBytes / BYTES_PER_MS_BETWEEN_SAVES)
      if (quietFor >= QUIET_MS || dirtyFor >= saveEvery) this.#write()
      else this.#schedule(Math.min(QUIET_MS - quietFor, saveEvery - dirtyFor))
    }, delayMs)
  }

  /** One record, taken from the mirror at one moment, so content and seqs always match. Written synchronously up to the shelf. */
  #write(): void {
    if (this.#stopped) return
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    this.#dirtySince = null
    const picture = this.#options.mirror.picture()
    this.#lastStateBytes = picture.state.byteLength
    const record = encodeMirrorRecord(this.#options.boardId, picture)
    this.#options.shelf.write(record).catch((error: unknown) => {
      // The previous record stays whole (one transaction); the next change tries again.
      if (this.#toldWriteFailed) return
      this.#toldWriteFailed = true
      this.#info('The board’s log could not be kept on this device; a reload reads it again.', error)
    })
  }

  #info(line: string, error?: unknown): void {
    const info = this.#options.info ?? console.info
    if (error === undefined) info(line)
    else info(line, error)
  }
}
