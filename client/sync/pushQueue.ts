/**
 * This device's changes on their way to the log, until the server says they
 * are durable. Changes made in one turn of the event loop (a paste, a burst
 * of keystrokes, a card with its fields) leave as one frame. A change too
 * large for one frame, or refused because the log, the board or the server
 * is full, waits in `carried` for the next snapshot, which takes it along
 * (a snapshot of a long tail can make room).
 *
 * When even that snapshot is refused for want of room, the changes are
 * `held`: kept here, and on the device, and not sent again, nor is anything
 * made meanwhile, until something on the board may have made room (a stored
 * snapshot) or the connection starts afresh. So a full board is asked once
 * per chance, never in a loop.
 */
import * as Y from 'yjs'
import { MAX_UPDATE_PLAINTEXT_BYTES } from '../../shared/protocol.ts'
import { UPDATE_ENVELOPE_OVERHEAD } from '../../shared/signedEnvelope.ts'
import type { LogMirror } from './logMirror.ts'
import type { SealedOutbox } from './sealedOutbox.ts'

type PendingUpdate = { update: Uint8Array; sealedBytes: number }

/** Why the server has no room for this device's changes for now. */
export type NoRoom = 'board-full' | 'storage-full'

export type PushQueueHost = {
  mirror: LogMirror
  outbox: SealedOutbox
  nextRef(): number
  /** The number of changes not yet durable changed. */
  changed(): void
  /** A change waits to be carried by a snapshot. */
  needsSnapshot(): void
}

export class PushQueue {
  readonly #pending = new Map<number, PendingUpdate>()
  #unsent: Uint8Array[] = []
  #carried: Uint8Array[] = []
  #held: Uint8Array[] = []
  #heldFor: NoRoom | null = null

  constructor(private readonly host: PushQueueHost) {}

  /** Changes sent or waiting, not yet acknowledged as durable. */
  get count(): number {
    return this.#pending.size + this.#unsent.length + this.#carried.length + this.#held.length
  }

  /** Why changes are held back, while some are; null when none are. */
  get heldFor(): NoRoom | null {
    return this.#heldFor
  }

  push(update: Uint8Array): void {
    if (this.#heldFor !== null) return this.#hold(update)
    this.#unsent.push(update)
    if (this.#unsent.length > 1) return
    this.host.changed()
    queueMicrotask(() => {
      const updates = this.#unsent
      this.#unsent = []
      this.#send(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates))
    })
  }

  /** True when `ref` was one of ours: the change is durable at `seq`. */
  acknowledged(ref: number, seq: number): boolean {
    const push = this.#pending.get(ref)
    if (push === undefined) return false
    this.#pending.delete(ref)
    this.host.mirror.acknowledge(seq, push.update, push.sealedBytes)
    this.host.changed()
    return true
  }

  /** The log, the board or the server is full: the change goes with the next snapshot, which may make room. */
  refusedForRoom(ref: number): boolean {
    const push = this.#pending.get(ref)
    if (push === undefined) return false
    this.#pending.delete(ref)
    this.#carried.push(push.update)
    this.host.needsSnapshot()
    return true
  }

  /** Changes for the next snapshot to carry; they count as unsaved until it is stored. */
  takeCarried(): Uint8Array[] {
    return this.#carried.splice(0)
  }

  /** A snapshot carrying these was refused: they try again, as plain updates where they fit. */
  returnCarried(updates: readonly Uint8Array[]): void {
    for (const update of updates) this.#send(update)
  }

  get hasCarried(): boolean {
    return this.#carried.length > 0
  }

  /** A snapshot carrying these was refused for want of room: they wait here, unsent, with what comes after. */
  holdForRoom(updates: readonly Uint8Array[], reason: NoRoom): void {
    if (updates.length === 0) return
    this.#heldFor = reason
    for (const update of updates) this.#hold(update)
  }

  /** There may be room now: what was held is sent again, once, as one change. */
  retryHeld(): void {
    const held = this.#held
    this.#held = []
    this.#heldFor = null
    if (held.length > 0) this.#send(held.length === 1 ? held[0]! : Y.mergeUpdates(held))
  }

  #hold(update: Uint8Array): void {
    this.#held.push(update)
    this.host.changed()
  }

  #send(update: Uint8Array): void {
    // Room is left for the signed envelope around it.
    if (update.byteLength > MAX_UPDATE_PLAINTEXT_BYTES - UPDATE_ENVELOPE_OVERHEAD) {
      this.#carried.push(update)
      this.host.needsSnapshot()
      return
    }
    const ref = this.host.nextRef()
    const push: PendingUpdate = { update, sealedBytes: 0 }
    this.#pending.set(ref, push)
    this.host.changed()
    this.host.outbox.sendChange(update, (sealed) => {
      push.sealedBytes = sealed.byteLength
      return [{ tag: 'pushUpdate', ref, sealed }]
    })
  }
}
