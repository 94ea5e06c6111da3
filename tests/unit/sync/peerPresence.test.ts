import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { PeerPresence } from '../../../client/sync/peerPresence.ts'

/** Someone's awareness, as their device would send it. */
function someone(name: string): { awareness: Awareness; update: () => Uint8Array } {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalStateField('name', name)
  return { awareness, update: () => encodeAwarenessUpdate(awareness, [awareness.clientID]) }
}

describe('PeerPresence', () => {
  it('a newcomer is told once that we are here', () => {
    const mine = new Awareness(new Y.Doc())
    mine.setLocalStateField('name', 'Alice')
    const announced: number[] = []
    const presence = new PeerPresence(mine, (peerId) => announced.push(peerId))
    const bob = someone('Bob')
    presence.heard(7, bob.update())
    presence.heard(7, bob.update())
    expect(announced).toEqual([7])
  })

  it('someone back on a new socket stays when word comes late that their old socket left', () => {
    const mine = new Awareness(new Y.Doc())
    mine.setLocalStateField('name', 'Alice')
    const presence = new PeerPresence(mine, () => {})
    const bob = someone('Bob')
    const hear = (peerId: number) => {
      const update = bob.update()
      presence.letBackIn(update)
      applyAwarenessUpdate(mine, update, 'test')
      presence.heard(peerId, update)
    }
    hear(4_294_967_297) // Bob's socket on process 1
    hear(8_589_934_593) // Bob again, on process 2, after process 1 was killed
    presence.left(4_294_967_297) // process 1's peers expire seconds later
    expect(mine.getStates().has(bob.awareness.clientID)).toBe(true)
    presence.left(8_589_934_593)
    expect(mine.getStates().has(bob.awareness.clientID)).toBe(false)
  })
  it('someone removed here (we reconnected) shows again when they announce themselves unchanged', () => {
    const mine = new Awareness(new Y.Doc())
    const presence = new PeerPresence(mine, () => {})
    const bob = someone('Bob')
    applyAwarenessUpdate(mine, bob.update(), 'relay')
    // What the provider does when our socket closes: everyone else's state goes; it still reads their clocks then.
    const clocksOfRemoved: (number | undefined)[] = []
    mine.on('update', ({ removed }: { removed: number[] }) => clocksOfRemoved.push(...removed.map((id) => mine.meta.get(id)?.clock)))
    removeAwarenessStates(mine, [bob.awareness.clientID], 'connection closed')
    expect(clocksOfRemoved).toEqual([expect.any(Number)])
    presence.letBackIn(bob.update())
    applyAwarenessUpdate(mine, bob.update(), 'relay')
    expect(mine.getStates().get(bob.awareness.clientID)).toEqual({ name: 'Bob' })
  })
})
