import { describeFinalClose } from './closeReasons.ts'
import type { NoRoom } from './pushQueue.ts'

/**
 * Where the board's changes stand, fed by the transport and read by the UI
 * (through SyncStatus) and by tests. "Saved" is said only when the server
 * has acknowledged every change, which it does once they are durable.
 *
 * - connecting: the first connection has not answered yet
 * - online: connected and caught up with the server's log
 * - offline: a connection was lost or never made; the provider retries
 * - closed: the server refused the board for good (wrong link, deleted)
 *
 * Online, changes may also be held back because the server has no room for
 * them (the board or the server is full): the state is then `full`.
 */
export type ConnectionPhase = 'connecting' | 'online' | 'offline' | 'closed'

export type SyncState = 'connecting' | 'saved' | 'saving' | 'full' | 'offline' | 'closed'

export const SYNC_LABELS: Record<SyncState, string> = {
  connecting: 'Connecting…',
  saved: 'Saved',
  saving: 'Saving…',
  full: 'No room on the server — changes are kept on this device',
  offline: 'Offline — changes are kept on this device',
  closed: 'Not syncing',
}

/** What a person reads when the server has no room for their changes: nothing is lost, and what they can do. */
export function describeNoRoom(reason: NoRoom | null): string | null {
  if (reason === 'board-full') {
    return 'This board is full. Nothing you have saved is lost; new changes stay on this device. Move to a new link (Menu) keeps only the latest version and frees the space.'
  }
  if (reason === 'storage-full') {
    return 'The server this board is on is full. Nothing you have saved is lost; new changes stay on this device and are sent when there is room again.'
  }
  return null
}

/** What a person reads when changes were skipped: no blame, and what still holds. */
export function describeUnreadable(count: number): string | null {
  if (count === 0) return null
  const what = count === 1 ? 'One change' : 'Some changes'
  return `${what} on this board could not be read on this device and ${count === 1 ? 'is' : 'are'} not shown. Everything else is up to date.`
}

export class SyncTracker {
  #phase: ConnectionPhase = 'connecting'
  #pending = 0
  #closedReason: string | null = null
  #closedCode: number | null = null
  #retirementNote: unknown = null
  #retirementNoteRead = false
  #unreadable = 0
  #presenceDropped = 0
  #noRoom: NoRoom | null = null
  #listeners = new Set<() => void>()

  get phase(): ConnectionPhase {
    return this.#phase
  }

  /** Changes sent and not yet acknowledged as durable. */
  get pending(): number {
    return this.#pending
  }

  get closedReason(): string | null {
    return this.#closedReason
  }

  /** The final close code once the server refused the board for good; null until then. */
  get closedCode(): number | null {
    return this.#closedCode
  }

  /** What the device that deleted or moved the board left for the others, opened but unchecked (JSON); null when it left none. */
  get retirementNote(): unknown {
    return this.#retirementNote
  }

  /** True once every frame before a retirement's close has been read: its note, if it left one, is known. */
  get retirementNoteRead(): boolean {
    return this.#retirementNoteRead
  }

  /** Changes from the server this device could not read, skipped so everything else keeps syncing. */
  get unreadable(): number {
    return this.#unreadable
  }

  /** Presence entries dropped: unreadable, or a peer speaking for someone else. Counted for tests and logs; nothing on screen. */
  get presenceDropped(): number {
    return this.#presenceDropped
  }

  /** Why changes of this device are held back for want of room on the server; null when none are. */
  get noRoom(): NoRoom | null {
    return this.#noRoom
  }

  get state(): SyncState {
    if (this.#phase !== 'online') return this.#phase
    if (this.#noRoom !== null) return 'full'
    return this.#pending > 0 ? 'saving' : 'saved'
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Resolves the next time the state is `state` (at once when it is). */
  whenState(state: SyncState): Promise<void> {
    return new Promise((resolve) => {
      if (this.state === state) return resolve()
      const stop = this.onChange(() => {
        if (this.state !== state) return
        stop()
        resolve()
      })
    })
  }

  caughtUp(): void {
    this.#set('online', this.#pending)
  }

  setPending(count: number): void {
    this.#set(this.#phase, count)
  }

  /** A connection ended. Unacknowledged changes are resent by the next one. */
  connectionLost(): void {
    if (this.#phase !== 'closed') this.#set('offline', 0)
  }

  /** Changes are held back because the board or the server is full, or (null) no longer are. */
  setNoRoom(reason: NoRoom | null): void {
    if (reason === this.#noRoom) return
    this.#noRoom = reason
    for (const listener of this.#listeners) listener()
  }

  noteUnreadable(): void {
    this.#unreadable++
    for (const listener of this.#listeners) listener()
  }

  notePresenceDropped(count: number): void {
    this.#presenceDropped += count
  }

  /** The server said the board was retired, handing on the retiring device's note (read just before or just after the close). */
  noteRetirement(note: unknown): void {
    this.#retirementNote = note
    for (const listener of this.#listeners) listener()
  }

  /** The frames before a retirement's close have been read (the note among them, if there was one). */
  closeFramesRead(): void {
    this.#retirementNoteRead = true
    for (const listener of this.#listeners) listener()
  }

  closedForGood(code: number): void {
    this.#closedCode = code
    this.#closedReason = describeFinalClose(code)
    this.#set('closed', 0)
  }

  #set(phase: ConnectionPhase, pending: number): void {
    if (phase === this.#phase && pending === this.#pending) return
    this.#phase = phase
    this.#pending = pending
    for (const listener of this.#listeners) listener()
  }
}
