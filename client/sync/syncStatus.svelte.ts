import { createSubscriber } from 'svelte/reactivity'
import { retirementOf, type Retirement } from './closeReasons.ts'
import { describeNoRoom, describeUnreadable, SYNC_LABELS, type SyncState, type SyncTracker } from './syncTracker.ts'

/** The sync state as Svelte reactive values, read straight from the tracker. */
export class SyncStatus {
  #tracker: SyncTracker
  #subscribe: () => void

  constructor(tracker: SyncTracker) {
    this.#tracker = tracker
    this.#subscribe = createSubscriber((update) => tracker.onChange(update))
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
