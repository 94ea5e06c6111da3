import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { generateSigningKeyPair, keyFingerprint, signerOf } from '../../../shared/signing.ts'
import { BoardTrust, type PinStore } from '../../../client/core/boardTrust.svelte.ts'
import { newDevicesOf, type Pins } from '../../../client/core/deviceTrust.ts'
import { registerDevice } from '../../../client/core/devices.ts'

const boardId = 'board-under-test'

function memoryPins(): PinStore & { kept: Pins | null } {
  const store = {
    kept: null as Pins | null,
    load: async () => store.kept,
    save: async (pins: Pins) => void (store.kept = structuredClone(pins)),
  }
  return store
}

describe("the inviter's fingerprint from the link", () => {
  it('pins the key the link vouched for, not one a link holder added first, and is kept with the pins for the next open', async () => {
    const doc = new Y.Doc()
    const mallory = signerOf('mallory-phone', await generateSigningKeyPair())
    const alex = signerOf('alex-phone', await generateSigningKeyPair())
    await registerDevice(doc, boardId, mallory, 'alex', 1)
    await registerDevice(doc, boardId, alex, 'alex', 2)
    const fingerprint = await keyFingerprint(alex.alg, alex.publicKey)
    const pins = memoryPins()

    const joined = new BoardTrust({ boardId, doc, signer: Promise.resolve(null), pins, linkFingerprint: fingerprint })
    await joined.whenAssessed
    expect(joined.devices.get('alex-phone')?.standing).toBe('pinned')
    expect(joined.devices.get('mallory-phone')?.standing).toBe('unconfirmed')
    expect(newDevicesOf(joined.devices.values(), 'alex', null).map((device) => device.record.deviceId)).toEqual(['mallory-phone'])
    expect(pins.kept?.linkFingerprint).toBe(fingerprint)
    joined.destroy()

    // Opened again without the link's fingerprint (from Your boards, say), before any key was pinned: the pins still know it.
    const later = new Y.Doc()
    Y.applyUpdate(later, Y.encodeStateAsUpdate(doc))
    const fresh = new BoardTrust({
      boardId,
      doc: later,
      signer: Promise.resolve(null),
      pins: { ...pins, load: async () => ({ ...pins.kept, devices: {} }) },
      linkFingerprint: null,
    })
    await fresh.whenAssessed
    expect(fresh.devices.get('alex-phone')?.standing).toBe('pinned')
    expect(fresh.devices.get('mallory-phone')?.standing).toBe('unconfirmed')
    fresh.destroy()
  })
})
