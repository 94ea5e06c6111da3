/**
 * Makes commits written to the SQLite WAL durable without blocking the
 * event loop: one fdatasync of the `-wal` file on libuv's thread pool. A
 * call resolves once an fdatasync that BEGAN after it has finished, so
 * everything written before the call is on the disk; calls made while one
 * fdatasync runs share the next one (group commit across event-loop turns).
 *
 * The descriptor must be of the live file: SQLite deletes the WAL when the
 * last connection closes and creates it afresh, and an fdatasync of a
 * descriptor of the old file syncs nothing of the new one. Each sync first
 * compares the path's inode with the descriptor's and reopens on a change.
 * A WAL that is gone was checkpointed into the database file (and synced
 * there) before SQLite removed it, so there is then nothing to sync.
 */
import fs from 'node:fs'

export class WalSync {
  #fd: number | null = null
  #inode = -1
  #running: Promise<void> | null = null
  #queued: Promise<void> | null = null

  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the WAL before this call is durable. */
  sync(): Promise<void> {
    if (this.#running === null) return this.#begin()
    this.#queued ??= this.#running
      .catch(() => {})
      .then(() => {
        this.#queued = null
        return this.#begin()
      })
    return this.#queued
  }

  close(): void {
    if (this.#fd !== null) fs.closeSync(this.#fd)
    this.#fd = null
    this.#inode = -1
  }

  #begin(): Promise<void> {
    const run: Promise<void> = this.#fdatasync().finally(() => {
      if (this.#running === run) this.#running = null
    })
    this.#running = run
    return run
  }

  #fdatasync(): Promise<void> {
    const fd = this.#liveDescriptor()
    if (fd === null) return Promise.resolve()
    return new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())))
  }

  /** The descriptor of the WAL at its path now; null when there is none. */
  #liveDescriptor(): number | null {
    let inode: number
    try {
      inode = fs.statSync(this.walPath).ino
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
    if (this.#fd !== null && inode === this.#inode) return this.#fd
    this.close()
    this.#fd = fs.openSync(this.walPath, 'r')
    this.#inode = fs.fstatSync(this.#fd).ino
    return this.#fd
  }
}
