/**
 * Presence through a relay that keeps none: which awareness client each
 * server peer speaks for (so it vanishes when the peer leaves), believing a
 * peer only about that client, and telling a newcomer we are here, since
 * nobody else will — addressed to the newcomer alone, so a board of fifty
 * does not hear everyone again whenever one joins.
 *
 * A peer speaks for one client: the one its first word names (a device says
 * who it is on joining, and to each newcomer). Anything it says of another
 * client (an echo from an older version, or someone trying to make a person
 * vanish with a goodbye in their name) is dropped and counted. Anyone with
 * the link can still claim a client no peer speaks for; presence is not
 * proof of who is there (signed heads are, boardWitness.ts).
 */
import { removeAwarenessStates, type Awareness } from 'y-protocols/awareness'
import { encodePresenceEntries, isGoodbye, readPresenceEntries, type PresenceEntry } from './presenceUpdate.ts'

export type PeerPresenceOptions = {
  awareness: Awareness
  /** Sends our own awareness state to one peer. */
  announceTo: (peerId: number) => void
  /** Entries (or a whole update that could not be read) were dropped. */
  dropped: (count: number, why: string) => void
}

/** The part of a peer's update this device believes: the entry of the one client the peer speaks for. */
export type AcceptedPresence = { clientId: number; update: Uint8Array }

export class PeerPresence {
  readonly #clientIdOfPeer = new Map<number, number>()

  constructor(private readonly options: PeerPresenceOptions) {}

  /**
   * What of a peer's update may be applied: the entry of the client it speaks
   * for (on its first word, the one client it names). Null when nothing is left.
   */
  accept(peerId: number, update: Uint8Array): AcceptedPresence | null {
    const entries = readPresenceEntries(update)
    if (entries === null) {
      this.options.dropped(1, 'an awareness update that could not be read')
      return null
    }
    const clientId = this.#clientIdOfPeer.get(peerId) ?? this.#firstWordOf(entries)
    const own = entries.filter((entry) => entry.clientId === clientId)
    if (own.length < entries.length) this.options.dropped(entries.length - own.length, `peer ${peerId} spoke for another client`)
    if (clientId === null || own.length === 0) return null
    return { clientId, update: own.length === entries.length ? update : encodePresenceEntries(own) }
  }

  /**
   * Before a peer's update is applied: awareness ignores a state whose clock
   * it has seen, even after the state was removed here (we reconnected, or
   * their socket left). Forgetting the clocks of those removed lets them
   * back when they announce themselves again, unchanged, instead of staying
   * invisible until their next change. (Not on removal itself: the provider
   * still reads the clock of a state just removed, to tell the others.)
   */
  letBackIn({ clientId }: AcceptedPresence): void {
    const { awareness } = this.options
    if (!awareness.states.has(clientId)) awareness.meta.delete(clientId)
  }

  /** A peer's accepted update was applied; the first one from a peer means someone new is here. */
  heard(peerId: number, { clientId }: AcceptedPresence): void {
    if (this.#clientIdOfPeer.has(peerId)) return
    // Someone who came back on a new socket speaks for the same client id; when word comes that
    // their old socket left (seconds later, if its server process died), they must stay.
    for (const [otherPeer, otherId] of this.#clientIdOfPeer) if (otherId === clientId) this.#clientIdOfPeer.delete(otherPeer)
    this.#clientIdOfPeer.set(peerId, clientId)
    this.options.announceTo(peerId)
  }

  left(peerId: number): void {
    const clientId = this.#clientIdOfPeer.get(peerId)
    this.#clientIdOfPeer.delete(peerId)
    const { awareness } = this.options
    if (clientId !== undefined && clientId !== awareness.clientID) removeAwarenessStates(awareness, [clientId], 'peer left')
  }

  /**
   * The client a peer not heard before names, when it names exactly one and not us; null otherwise (nothing is
   * believed). A state may take over a client another peer spoke for (someone back on a new socket before word
   * came that the old one left); a goodbye may not, or a newcomer's first word could make someone present vanish.
   */
  #firstWordOf(entries: readonly PresenceEntry[]): number | null {
    const [first] = entries
    if (entries.length !== 1 || first!.clientId === this.options.awareness.clientID) return null
    if (isGoodbye(first!) && [...this.#clientIdOfPeer.values()].includes(first!.clientId)) return null
    return first!.clientId
  }
}
