import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { OwnPresence } from '../../../client/sync/ownPresence.ts'
import { encodePresenceEntries, readPresenceEntries } from '../../../client/sync/presenceUpdate.ts'
import { decodeClientFrame, encodeClientFrame, type ClientFrame } from '../../../shared/frames.ts'

/** An outbox that "seals" by wrapping the plaintext, when told to: sealing is asynchronous in the real one. */
function fakeOutbox() {
  const queue: (() => void)[] = []
  const sent: ClientFrame[] = []
  const outbox = {
    send(_kind: string, plaintext: Uint8Array, toFrames: (sealed: Uint8Array) => ClientFrame[]) {
      queue.push(() => sent.push(...toFrames(plaintext)))
    },
    prepare(_kind: string, plaintext: Uint8Array, toFrame: (sealed: Uint8Array) => ClientFrame, keep: (frame: Uint8Array) => void) {
      queue.push(() => keep(encodeClientFrame(toFrame(plaintext))))
    },
  }
  const sealAll = () => queue.splice(0).forEach((seal) => seal())
  return { outbox, sent, sealAll }
}

function setUp() {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalStateField('name', 'Alice')
  const { outbox, sent, sealAll } = fakeOutbox()
  const sentNow: Uint8Array[] = []
  const skipped: string[] = []
  const own = new OwnPresence({ awareness, outbox, sendNow: (frame) => sentNow.push(frame), skipped: (why) => skipped.push(why) })
  const entriesSent = () => sent.map((frame) => ('sealed' in frame ? readPresenceEntries(frame.sealed) : null))
  return { awareness, own, sent, sealAll, sentNow, skipped, entriesSent }
}

describe('OwnPresence', () => {
  it('forwards only this device’s own entry; the others’ are theirs to send', () => {
    const { awareness, own, sealAll, entriesSent } = setUp()
    const bob = new Awareness(new Y.Doc())
    const bobs = readPresenceEntries(encodeAwarenessUpdate(bob, [bob.clientID]))!
    const mine = readPresenceEntries(encodeAwarenessUpdate(awareness, [awareness.clientID]))!
    own.forward(encodePresenceEntries([...bobs, ...mine]))
    own.forward(encodePresenceEntries(bobs))
    sealAll()
    expect(entriesSent()).toEqual([mine])
  })

  it('skips and counts an update that cannot be read', () => {
    const { awareness, own, sent, sealAll, skipped } = setUp()
    own.forward(encodeAwarenessUpdate(awareness, [awareness.clientID]).slice(0, -2))
    sealAll()
    expect(sent).toEqual([])
    expect(skipped).toHaveLength(1)
  })

  it('keeps its goodbye sealed ahead, and sends it at once when the provider says goodbye', () => {
    const { awareness, own, sealAll, sentNow } = setUp()
    own.forward(encodeAwarenessUpdate(awareness, [awareness.clientID]))
    sealAll()
    const clock = awareness.meta.get(awareness.clientID)!.clock
    removeAwarenessStates(awareness, [awareness.clientID], 'left')
    own.forward(encodeAwarenessUpdate(awareness, [awareness.clientID]))
    own.forward(encodeAwarenessUpdate(awareness, [awareness.clientID]))
    // Nothing was sealed in between: the goodbye left synchronously, once.
    expect(sentNow).toHaveLength(1)
    const goodbye = decodeClientFrame(sentNow[0]!)
    expect(goodbye.tag).toBe('pushAwareness')
    expect('sealed' in goodbye && readPresenceEntries(goodbye.sealed)).toEqual([
      { clientId: awareness.clientID, clock: clock + 1, stateJson: 'null' },
    ])
  })

  it('announces itself to a newcomer alone, with its goodbye made ready too', () => {
    const { awareness, own, sent, sealAll, sentNow } = setUp()
    own.announceTo(7)
    sealAll()
    expect(sent.map((frame) => frame.tag)).toEqual(['pushAwarenessTo'])
    removeAwarenessStates(awareness, [awareness.clientID], 'left')
    own.forward(encodeAwarenessUpdate(awareness, [awareness.clientID]))
    expect(sentNow).toHaveLength(1)
  })
})
