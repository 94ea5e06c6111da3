import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { generateSigningKeyPair, keyFingerprint, signerOf, type Signer } from '../../../shared/signing.ts'
import { checkClaim } from '../../../client/core/claimCheck.ts'
import { signClaim } from '../../../client/core/claims.ts'
import { assessDevices, NO_PINS, type Pins } from '../../../client/core/deviceTrust.ts'
import { confirmDevice, devicesMap, readConfirmations, readDevices, registerDevice } from '../../../client/core/devices.ts'

const boardId = 'board-under-test'

async function newSigner(deviceId: string): Promise<Signer> {
  return signerOf(deviceId, await generateSigningKeyPair())
}

function assess(doc: Y.Doc, pins: Pins = NO_PINS, ownDeviceId: string | null = null, linkFingerprint: string | null = null) {
  return assessDevices({ boardId, records: readDevices(doc), confirmations: readConfirmations(doc), pins, ownDeviceId, linkFingerprint })
}

describe('which keys a device believes', () => {
  it('pins the first key it sees for a person and believes that person’s claims', async () => {
    const doc = new Y.Doc()
    const alice = await newSigner('alice-phone')
    await registerDevice(doc, boardId, alice, 'alice', 1)
    const { devices } = await assess(doc)
    expect(devices.get('alice-phone')?.standing).toBe('pinned')
    const claim = await signClaim(alice, boardId, 'accept', ['card', 'rev', 'We walk on Sundays'])
    const read = { deviceId: claim.deviceId, signature: Buffer.from(claim.signature, 'base64url') }
    expect(await checkClaim(boardId, devices, 'accept', ['card', 'rev', 'We walk on Sundays'], read, 'alice')).toMatchObject({
      state: 'verified',
    })
    // The same signature over other words, or as someone else's, does not verify.
    expect(await checkClaim(boardId, devices, 'accept', ['card', 'rev', 'We share passcodes'], read, 'alice')).toEqual({
      state: 'not-verified',
    })
    expect(await checkClaim(boardId, devices, 'accept', ['card', 'rev', 'We walk on Sundays'], read, 'bob')).toEqual({
      state: 'not-verified',
    })
  })

  it('shows a replaced key as changed, never as the person’s', async () => {
    const doc = new Y.Doc()
    await registerDevice(doc, boardId, await newSigner('alice-phone'), 'alice', 1)
    const { pins } = await assess(doc)
    // A link holder replaces Alice's key with one they hold, signed by that key.
    await registerDevice(doc, boardId, await newSigner('alice-phone'), 'alice', 2)
    const { devices } = await assess(doc, pins)
    expect(devices.get('alice-phone')?.standing).toBe('key-changed')
  })

  it('leaves a second device of a person unconfirmed until a believed device of theirs confirms it', async () => {
    const doc = new Y.Doc()
    const phone = await newSigner('alice-phone')
    const laptop = await newSigner('alice-laptop')
    await registerDevice(doc, boardId, phone, 'alice', 1)
    await registerDevice(doc, boardId, laptop, 'alice', 2)
    let { devices, pins } = await assess(doc)
    expect(devices.get('alice-laptop')?.standing).toBe('unconfirmed')
    await confirmDevice(doc, boardId, phone, devices.get('alice-laptop')!.record, 3)
    ;({ devices, pins } = await assess(doc, pins))
    expect(devices.get('alice-laptop')?.standing).toBe('confirmed')
    expect(pins.devices['alice-laptop']).toBeDefined()
  })

  it('pins the inviter’s key from the link even when another key for them came first', async () => {
    const doc = new Y.Doc()
    const forged = await newSigner('forged')
    const real = await newSigner('alice-phone')
    await registerDevice(doc, boardId, forged, 'alice', 1)
    await registerDevice(doc, boardId, real, 'alice', 5)
    const fingerprint = await keyFingerprint(real.alg, real.publicKey)
    const { devices } = await assess(doc, NO_PINS, null, fingerprint)
    expect(devices.get('alice-phone')?.standing).toBe('pinned')
    expect(devices.get('forged')?.standing).toBe('unconfirmed')
  })

  it('ignores a device record not signed by the key it names', async () => {
    const doc = new Y.Doc()
    const real = await newSigner('alice-phone')
    await registerDevice(doc, boardId, real, 'alice', 1)
    const record = devicesMap(doc).get('alice-phone') as Record<string, unknown>
    devicesMap(doc).set('alice-phone', { ...record, personId: 'bob' })
    const { devices } = await assess(doc)
    expect(devices.size).toBe(0)
  })
})
