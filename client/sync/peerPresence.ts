/**
 * Presence through a relay that keeps none: which awareness client ids each
 * server peer speaks for (so they vanish when the peer leaves), and telling
 * a newcomer we are here, since nobody else will — addressed to the newcomer
 * alone, so a board of fifty does not hear everyone again whenever one joins.
 */
import { encodeAwarenessUpdate, removeAwarenessStates, type Awareness } from 'y-protocols/awareness'
import { awarenessClientIds } from './providerMessages.ts'

export class PeerPresence {
  readonly #clientIdsByPeer = new Map<number, Set<number>>()

  constructor(
    private readonly awareness: Awareness,
    /** Sends our own awareness state to one peer. */
    private readonly announceTo: (peerId: number, update: Uint8Array) => void,
  ) {}

  /**
   * Before a peer's update is applied: awareness ignores a state whose clock
   * it has seen, even after the state was removed here (we reconnected, or
   * their socket left). Forgetting the clocks of those removed lets them
   * back when they announce themselves again, unchanged, instead of staying
   * invisible until their next change. (Not on removal itself: the provider
   * still reads the clock of a state just removed, to tell the others.)
   */
  letBackIn(update: Uint8Array): void {
    const { awareness } = this
    for (const id of awarenessClientIds(update)) {
      if (id !== awareness.clientID && !awareness.states.has(id)) awareness.meta.delete(id)
    }
  }

  /** A peer's awareness update arrived; the first one from a peer means someone new is here. */
  heard(peerId: number, update: Uint8Array): void {
    const known = this.#clientIdsByPeer.get(peerId)
    const ids = known ?? new Set<number>()
    for (const id of awarenessClientIds(update)) {
      ids.add(id)
      // Someone who came back on a new socket speaks for the same client id; when word comes that
      // their old socket left (seconds later, if its server process died), they must stay.
      for (const [otherPeer, otherIds] of this.#clientIdsByPeer) if (otherPeer !== peerId) otherIds.delete(id)
    }
    this.#clientIdsByPeer.set(peerId, ids)
    if (!known) this.#announceOurselvesTo(peerId)
  }

  left(peerId: number): void {
    const ids = this.#clientIdsByPeer.get(peerId)
    this.#clientIdsByPeer.delete(peerId)
    const { awareness } = this
    if (ids)
      removeAwarenessStates(
        awareness,
        [...ids].filter((id) => id !== awareness.clientID),
        'peer left',
      )
  }

  #announceOurselvesTo(peerId: number): void {
    const { awareness } = this
    if (awareness.getLocalState() === null) return
    this.announceTo(peerId, encodeAwarenessUpdate(awareness, [awareness.clientID]))
  }
}
