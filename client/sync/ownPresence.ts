/**
 * What this device says of itself in presence, and only that. y-websocket's
 * provider re-sends every awareness change it applies, other people's
 * included, to the whole board: n−1 echoes of each change, each decrypted
 * by everyone. Here only this device's own entry leaves; each peer speaks
 * for itself.
 *
 * Its goodbye (no state, one clock later) is kept sealed ahead of time and
 * re-sealed after each state this device sends, because sealing is
 * asynchronous and a closing tab has no time left: when the provider says
 * goodbye (disconnect, destroy, leaving the page) the ready frame goes out at
 * once, before the socket closes, and the others need not wait for the
 * server's `peerLeft`.
 */
import type { Awareness } from 'y-protocols/awareness'
import type { ClientFrame } from '../../shared/frames.ts'
import { encodePresenceEntries, goodbyeAfter, isGoodbye, readPresenceEntries, type PresenceEntry } from './presenceUpdate.ts'
import type { SealedOutbox } from './sealedOutbox.ts'

export type OwnPresenceOptions = {
  awareness: Awareness
  outbox: Pick<SealedOutbox, 'send' | 'prepare'>
  /** Sends an encoded frame now, if the connection is open. */
  sendNow: (frame: Uint8Array) => void
  /** An update that could not be read was skipped. */
  skipped: (why: string) => void
}

const toEveryone = (sealed: Uint8Array): ClientFrame => ({ tag: 'pushAwareness', sealed })

export class OwnPresence {
  /** The sealed goodbye that follows the last state sent, ready to go; null until a state was sent. */
  #goodbye: { clock: number; frame: Uint8Array } | null = null
  /** The clock of the newest goodbye asked to be sealed. */
  #goodbyeAsked = -1
  #saidGoodbye = false

  constructor(private readonly options: OwnPresenceOptions) {}

  /** An awareness update from the provider: this device's own entry goes to everyone; the others' are theirs to send. */
  forward(update: Uint8Array): void {
    const entries = readPresenceEntries(update)
    if (entries === null) return this.options.skipped('an awareness update from the provider could not be read')
    const own = entries.find((entry) => entry.clientId === this.options.awareness.clientID)
    if (own === undefined) return
    if (isGoodbye(own)) return this.#sayGoodbye(own)
    this.#saidGoodbye = false
    this.#send(own, (sealed) => [toEveryone(sealed)])
  }

  /** Tells one peer (a newcomer) this device is here. */
  announceTo(peerId: number): void {
    const { awareness } = this.options
    const state = awareness.getLocalState()
    const meta = awareness.meta.get(awareness.clientID)
    if (state === null || meta === undefined) return
    const own = { clientId: awareness.clientID, clock: meta.clock, stateJson: JSON.stringify(state) }
    this.#send(own, (sealed) => [{ tag: 'pushAwarenessTo', peerId, sealed }])
  }

  #send(own: PresenceEntry, toFrames: (sealed: Uint8Array) => ClientFrame[]): void {
    const { outbox } = this.options
    outbox.send('awareness', encodePresenceEntries([own]), toFrames)
    // Sealed right behind the state on the same queue: by the time the state has left, its goodbye is ready.
    const clock = own.clock + 1
    if (clock <= this.#goodbyeAsked) return
    this.#goodbyeAsked = clock
    outbox.prepare('awareness', goodbyeAfter(own), toEveryone, (frame) => {
      if (this.#goodbye === null || this.#goodbye.clock < clock) this.#goodbye = { clock, frame }
    })
  }

  #sayGoodbye(own: PresenceEntry): void {
    if (this.#saidGoodbye) return
    this.#saidGoodbye = true
    // The others hold at most the last state sent, whose goodbye this is (y-protocols applies a goodbye of
    // the clock it holds or a later one). Without one ready, nothing of ours was sent: nobody is told.
    if (this.#goodbye !== null) return this.options.sendNow(this.#goodbye.frame)
    if (this.#goodbyeAsked >= 0) this.options.outbox.send('awareness', encodePresenceEntries([own]), (sealed) => [toEveryone(sealed)])
  }
}
