import { createSubscriber } from 'svelte/reactivity'
import type { SignedHeads } from '../../shared/heads.ts'
import type { BoardWitness, PeerDevice, Rollback } from './boardWitness.ts'
import { retirementOf, type Retirement } from './closeReasons.ts'
import { describeNoRoom, describeUnreadable, SYNC_LABELS, type SyncState, type SyncTracker } from './syncTracker.ts'

/** The sync state as Svelte reactive values, read straight from the tracker. */
export class SyncStatus {
  #tracker: SyncTracker
  #subscribe: () => void

  #witness: BoardWitness | null
  #subscribeWitness: () => void

  constructor(tracker: SyncTracker, witness: BoardWitness | null = null) {
    this.#tracker = tracker
    this.#subscribe = createSubscriber((update) => tracker.onChange(update))
    this.#witness = witness
    this.#subscribeWitness = createSubscriber((update) => witness?.onChange(update) ?? (() => {}))
  }

  /** Devices online whose changes have not reached this device within the stated time (boardWitness.ts). */
  get behind(): readonly PeerDevice[] {
    this.#subscribeWitness()
    return this.#witness?.behind ?? []
  }

  /** Devices online still lacking what the server should have given them; this device is sending it again. */
  get lacking(): readonly PeerDevice[] {
    this.#subscribeWitness()
    return this.#witness?.lacking ?? []
  }

  /** Devices online whose signed heads say they hold everything this device holds. */
  get seenBy(): readonly PeerDevice[] {
    this.#subscribeWitness()
    return this.#witness?.seenBy ?? []
  }

  /** Set once a replay or snapshot lacked what this device held; null otherwise. */
  get rollback(): Rollback | null {
    this.#subscribeWitness()
    return this.#witness?.rollback ?? null
  }

  /** The verified heads of the devices online, by device id. */
  get peerHeads(): ReadonlyMap<string, SignedHeads> {
    this.#subscribeWitness()
    return this.#witness?.peerHeads ?? new Map()
  }

  /** The digest of this device's copy of the board, as last published ('' before). */
  get digest(): string {
    this.#subscribeWitness()
    return this.#witness?.digest ?? ''
  }

  get state(): SyncState {
    this.#subscribe()
    return this.#tracker.state
  }

  get label(): string {
    return SYNC_LABELS[this.state]
  }

  get closedReason(): string | null {
    this.#subscribe()
    return this.#tracker.closedReason
  }

  /** Deleted or moved, once the server closed the board for that; null otherwise. */
  get retirement(): Retirement | null {
    this.#subscribe()
    return retirementOf(this.#tracker.closedCode)
  }

  /** What the device that deleted or moved the board left for the others, unchecked: read it with safety/retirementNote.ts. */
  get retirementNote(): unknown {
    this.#subscribe()
    return this.#tracker.retirementNote
  }

  /** A calm line while the server has no room for this device's changes, saying what can be done; null otherwise. */
  get noRoomNotice(): string | null {
    this.#subscribe()
    return this.#tracker.phase === 'online' ? describeNoRoom(this.#tracker.noRoom) : null
  }

  /** A calm line when changes from the server had to be skipped; null when there were none. */
  get unreadableNotice(): string | null {
    this.#subscribe()
    return describeUnreadable(this.#tracker.unreadable)
  }
}
