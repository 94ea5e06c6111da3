/**
 * When this device posts a snapshot, and how. One snapshot per threshold
 * for the whole board, not one per device: the device whose own change
 * pushed the tail past the threshold posts it; others post only if the tail
 * grows half as long again (the crosser may have left). The server tells
 * every socket when a snapshot is stored, which resets everyone's tail.
 *
 * A snapshot also carries changes too large for one frame (a day's offline
 * work) or refused for want of room (a full log, board or server): it is the
 * whole board as the log holds it plus those changes, sealed once and sent in
 * frame-sized parts. When the snapshot itself finds no room, none is posted
 * again until one stored on the board may have made some.
 */
import * as Y from 'yjs'
import { Limits, SNAPSHOT_PART_BYTES } from '../../shared/protocol.ts'
import type { ClientFrame } from '../../shared/frames.ts'
import { ClientLimits } from './clientLimits.ts'
import type { LogMirror } from './logMirror.ts'
import type { NoRoom, PushQueue } from './pushQueue.ts'
import type { SealedOutbox } from './sealedOutbox.ts'

type InFlight = { ref: number; coversSeq: number; carried: Uint8Array[] }

export type SnapshotPosterHost = {
  mirror: LogMirror
  outbox: SealedOutbox
  pushes: PushQueue
  nextRef(): number
  warn(line: string): void
}

type Tail = { updates: number; bytes: number }

function pastThreshold(tail: Tail, factor = 1): boolean {
  return tail.updates >= ClientLimits.snapshotAfterUpdates * factor || tail.bytes >= ClientLimits.snapshotAfterBytes * factor
}

/** True when this device's own change took the tail from below the threshold to past it. */
export function crossedThreshold(before: Tail, after: Tail): boolean {
  return !pastThreshold(before) && pastThreshold(after)
}

/** True when the tail is long enough for a snapshot from this device. */
export function snapshotDue(tail: Tail, crossedByOwnChange: boolean): boolean {
  return crossedByOwnChange || pastThreshold(tail, 1.5)
}

/** Splits sealed bytes into the parts of a snapshot upload. */
export function snapshotPartFrames(ref: number, sealed: Uint8Array): Extract<ClientFrame, { tag: 'snapshotPart' }>[] {
  const frames: Extract<ClientFrame, { tag: 'snapshotPart' }>[] = []
  for (let offset = 0, index = 0; offset < sealed.byteLength || index === 0; offset += SNAPSHOT_PART_BYTES, index++) {
    frames.push({ tag: 'snapshotPart', ref, index, bytes: sealed.subarray(offset, offset + SNAPSHOT_PART_BYTES) })
  }
  return frames
}

export class SnapshotPoster {
  #inFlight: InFlight | null = null
  /** The coversSeq of the last refused snapshot: no new attempt until the log has moved past it. */
  #refusedAt = -1
  #tooLarge = false
  /** Refused for want of room: no snapshot is posted until something may have made room, and changes to carry are held. */
  #waitingForRoom: NoRoom | null = null

  constructor(private readonly host: SnapshotPosterHost) {}

  /** Changes carried by the snapshot in flight: not saved until it is stored. */
  get unsavedCount(): number {
    return this.#inFlight?.carried.length ?? 0
  }

  /**
   * Posts a snapshot when one is due (or `now`: a point in the board's
   * history was asked for), or when changes wait to be carried. True when
   * one was posted.
   */
  postIfDue(now = false): boolean {
    const { mirror, pushes } = this.host
    if (this.#waitingForRoom !== null) {
      if (pushes.hasCarried) pushes.holdForRoom(pushes.takeCarried(), this.#waitingForRoom)
      return false
    }
    if (this.#inFlight !== null || !mirror.canSnapshot || this.#tooLarge) return false
    if (!pushes.hasCarried && !snapshotDue(mirror.tail, now)) return false
    const coversSeq = mirror.knownSeq
    if (coversSeq <= this.#refusedAt || coversSeq < mirror.snapshotSeq) return false
    const carried = pushes.takeCarried()
    const state = carried.length > 0 ? Y.mergeUpdates([mirror.encodeState(), ...carried]) : mirror.encodeState()
    if (state.byteLength > Limits.maxSnapshotBytes - SNAPSHOT_PART_BYTES) {
      this.#tooLarge = true
      this.host.warn(`the board (${state.byteLength} bytes) is too large to store on the server`)
      pushes.returnCarried(carried)
      return false
    }
    const ref = this.host.nextRef()
    this.#inFlight = { ref, coversSeq, carried }
    const keepSeqs = mirror.unreadableUpTo(coversSeq)
    const begin: ClientFrame = { tag: 'beginSnapshot', ref, coversSeq, partCount: 0, carriesChanges: carried.length > 0, keepSeqs }
    this.host.outbox.sendSnapshot(state, coversSeq, (sealed) => {
      const parts = snapshotPartFrames(ref, sealed)
      return [{ ...begin, partCount: parts.length }, ...parts]
    })
    return true
  }

  /** True when `ref` was our snapshot: it is stored at `seq`, with what it carried. */
  acknowledged(ref: number, seq: number): boolean {
    const inFlight = this.#inFlight
    if (inFlight?.ref !== ref) return false
    this.#inFlight = null
    this.host.mirror.snapshotAcknowledged(seq, inFlight.coversSeq, inFlight.carried)
    return true
  }

  /** The board or the server had no room for our snapshot: what it carried is held, and none is posted until roomMayHaveFreed. */
  refusedForRoom(ref: number, reason: NoRoom): boolean {
    const inFlight = this.#inFlight
    if (inFlight?.ref !== ref) return false
    this.#inFlight = null
    this.#waitingForRoom = reason
    this.host.pushes.holdForRoom(inFlight.carried, reason)
    return true
  }

  /** A snapshot was stored on the board, which may have made room: one may be posted again. */
  roomMayHaveFreed(): void {
    this.#waitingForRoom = null
  }

  /** Another device's snapshot was stored first; what this one carried is sent again. */
  refused(ref: number): boolean {
    const inFlight = this.#inFlight
    if (inFlight?.ref !== ref) return false
    this.#inFlight = null
    this.#refusedAt = inFlight.coversSeq
    this.host.pushes.returnCarried(inFlight.carried)
    return true
  }
}
