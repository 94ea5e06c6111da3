import { createSubscriber } from 'svelte/reactivity'
import type { Awareness } from 'y-protocols/awareness'
import { LANES, type LaneId } from '../../shared/schema.ts'
import type { Me } from './identity.svelte.ts'

/** What each device tells the others about itself; never stored, gone when it leaves. */
type PresenceState = { personId: string; typingIn: LaneId | null }

/** Someone on the board right now, and where they are writing. */
export type HereNow = { personId: string; typingIn: LaneId | null }

/** A keystroke shows "typing" for this long; then it fades unless more follow. */
const TYPING_SHOWN_MS = 5000

/**
 * Presence over y-protocols' awareness: who is here now and who is typing
 * in which lane. Names and colours come from the doc's people map, so an
 * awareness state only carries ids.
 */
export class Presence {
  readonly #awareness: Awareness
  #subscribe: () => void
  #typingTimer: ReturnType<typeof setTimeout> | undefined

  constructor(awareness: Awareness) {
    this.#awareness = awareness
    this.#subscribe = createSubscriber((update) => {
      awareness.on('change', update)
      return () => awareness.off('change', update)
    })
  }

  /** Announces this device once it has joined the board. */
  announce(me: Me): void {
    this.#awareness.setLocalState({ personId: me.personId, typingIn: null } satisfies PresenceState)
  }

  /** Called on each keystroke in a lane's text box. */
  typing(lane: LaneId): void {
    clearTimeout(this.#typingTimer)
    this.#typingTimer = setTimeout(() => this.stoppedTyping(), TYPING_SHOWN_MS)
    if (this.#local()?.typingIn !== lane) this.#awareness.setLocalStateField('typingIn', lane)
  }

  stoppedTyping(): void {
    clearTimeout(this.#typingTimer)
    if (this.#local()?.typingIn != null) this.#awareness.setLocalStateField('typingIn', null)
  }

  /** Everyone here now, this device included, one entry per person. */
  get here(): HereNow[] {
    this.#subscribe()
    const byPerson = new Map<string, HereNow>()
    for (const state of this.#awareness.getStates().values()) {
      if (!isPresenceState(state)) continue
      const seen = byPerson.get(state.personId)
      // One person on two devices is typing if either device is.
      byPerson.set(state.personId, { personId: state.personId, typingIn: typingLane(state) ?? seen?.typingIn ?? null })
    }
    return [...byPerson.values()]
  }

  #local(): PresenceState | null {
    const state = this.#awareness.getLocalState()
    return isPresenceState(state) ? state : null
  }
}

const laneIds = new Set<unknown>(LANES.map((lane) => lane.id))

/** Awareness comes from other devices: anything odd is ignored, an unknown lane reads as not typing. */
function isPresenceState(value: unknown): value is PresenceState {
  if (typeof value !== 'object' || value === null) return false
  const state = value as Record<string, unknown>
  return typeof state.personId === 'string'
}

function typingLane(state: PresenceState): LaneId | null {
  return laneIds.has(state.typingIn) ? state.typingIn : null
}
