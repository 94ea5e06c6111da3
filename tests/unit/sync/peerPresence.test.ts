import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { PeerPresence } from '../../../client/sync/peerPresence.ts'
import { encodePresenceEntries, readPresenceEntries } from '../../../client/sync/presenceUpdate.ts'

/** Someone's awareness, as their device would send it. */
function someone(name: string): { awareness: Awareness; update: () => Uint8Array } {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalStateField('name', name)
  return { awareness, update: () => encodeAwarenessUpdate(awareness, [awareness.clientID]) }
}

/** Alice's side: her awareness, and presence that counts what it drops. */
function alicesPresence() {
  const mine = new Awareness(new Y.Doc())
  mine.setLocalStateField('name', 'Alice')
  const announced: number[] = []
  const dropped: number[] = []
  const presence = new PeerPresence({
    awareness: mine,
    announceTo: (peerId) => announced.push(peerId),
    dropped: (count) => dropped.push(count),
  })
  /** What the transport does with a peer's update: accept, let back in, apply, hear. */
  const hear = (peerId: number, update: Uint8Array) => {
    const accepted = presence.accept(peerId, update)
    if (accepted === null) return
    presence.letBackIn(accepted)
    applyAwarenessUpdate(mine, accepted.update, 'relay')
    presence.heard(peerId, accepted)
  }
  return { mine, presence, announced, dropped, hear }
}

describe('PeerPresence', () => {
  it('a newcomer is told once that we are here', () => {
    const { announced, hear } = alicesPresence()
    const bob = someone('Bob')
    hear(7, bob.update())
    hear(7, bob.update())
    expect(announced).toEqual([7])
  })

  it('someone back on a new socket stays when word comes late that their old socket left', () => {
    const { mine, presence, hear } = alicesPresence()
    const bob = someone('Bob')
    hear(4_294_967_297, bob.update()) // Bob's socket on process 1
    hear(8_589_934_593, bob.update()) // Bob again, on process 2, after process 1 was killed
    presence.left(4_294_967_297) // process 1's peers expire seconds later
    expect(mine.getStates().has(bob.awareness.clientID)).toBe(true)
    presence.left(8_589_934_593)
    expect(mine.getStates().has(bob.awareness.clientID)).toBe(false)
  })

  it('someone removed here (we reconnected) shows again when they announce themselves unchanged', () => {
    const { mine, hear } = alicesPresence()
    const bob = someone('Bob')
    applyAwarenessUpdate(mine, bob.update(), 'relay')
    // What the provider does when our socket closes: everyone else's state goes; it still reads their clocks then.
    const clocksOfRemoved: (number | undefined)[] = []
    mine.on('update', ({ removed }: { removed: number[] }) => clocksOfRemoved.push(...removed.map((id) => mine.meta.get(id)?.clock)))
    removeAwarenessStates(mine, [bob.awareness.clientID], 'connection closed')
    expect(clocksOfRemoved).toEqual([expect.any(Number)])
    hear(9, bob.update())
    expect(mine.getStates().get(bob.awareness.clientID)).toEqual({ name: 'Bob' })
  })

  it('a peer speaks only for itself: what it says of another client is dropped and counted, and cannot make them vanish', () => {
    const { mine, dropped, hear } = alicesPresence()
    const bob = someone('Bob')
    const carol = someone('Carol')
    hear(7, bob.update())
    hear(8, carol.update())
    // Bob's peer echoes Carol's state and then says goodbye in her name, along with his own renewal.
    bob.awareness.setLocalStateField('name', 'Bob, typing')
    const [bobs] = readPresenceEntries(bob.update())!
    const carolGone = { clientId: carol.awareness.clientID, clock: 99, stateJson: 'null' }
    hear(7, encodePresenceEntries([bobs!, carolGone]))
    expect(mine.getStates().get(carol.awareness.clientID)).toEqual({ name: 'Carol' })
    expect(mine.getStates().get(bob.awareness.clientID)).toEqual({ name: 'Bob, typing' })
    expect(dropped).toEqual([1])
  })

  it('a peer not heard before is believed only when its first word names one client, not us', () => {
    const { mine, presence, dropped, announced } = alicesPresence()
    const bob = someone('Bob')
    const carol = someone('Carol')
    expect(presence.accept(7, encodeAwarenessUpdate(mine, [mine.clientID]))).toBeNull()
    const two = encodePresenceEntries([...readPresenceEntries(bob.update())!, ...readPresenceEntries(carol.update())!])
    expect(presence.accept(7, two)).toBeNull()
    expect(dropped).toEqual([1, 2])
    expect(announced).toEqual([])
  })

  it('a newcomer’s first word cannot be a goodbye for someone another peer speaks for', () => {
    const { mine, dropped, hear } = alicesPresence()
    const bob = someone('Bob')
    hear(7, bob.update())
    const bobGone = { clientId: bob.awareness.clientID, clock: 1_000, stateJson: 'null' }
    hear(8, encodePresenceEntries([bobGone]))
    expect(mine.getStates().get(bob.awareness.clientID)).toEqual({ name: 'Bob' })
    expect(dropped).toEqual([1])
  })

  it('an update that cannot be read is counted and skipped', () => {
    const { presence, dropped } = alicesPresence()
    const cut = someone('Bob').update().slice(0, -3)
    expect(presence.accept(7, cut)).toBeNull()
    expect(presence.accept(7, new Uint8Array([...someone('Bob').update(), 0]))).toBeNull()
    expect(dropped).toEqual([1, 1])
  })
})
