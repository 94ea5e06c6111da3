import { createSubscriber } from 'svelte/reactivity'
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
