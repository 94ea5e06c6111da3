/**
 * A device's BoardTrust in Node: its pins kept in memory, as the device
 * store keeps them in the browser. What a test reads verdicts through, the
 * same class the screen reads them through.
 */
import * as Y from 'yjs'
import { BoardTrust, type PinStore } from '../../client/core/boardTrust.svelte.ts'
import { registerDevice } from '../../client/core/devices.ts'
import { generateSigningKeyPair, signerOf, type Signer } from '../../shared/signing.ts'

/** Pins kept in memory for one device. */
export function memoryPins(): PinStore {
  let stored: unknown = null
  return { load: async () => stored, save: async (pins) => void (stored = pins) }
}

/** What the device signing as `signer` believes on the board `doc` holds; destroy it when done. */
export function trustOnDevice(boardId: string, doc: Y.Doc, signer: Signer): BoardTrust {
  return new BoardTrust({ boardId, doc, signer: Promise.resolve(signer), pins: memoryPins(), linkFingerprint: null })
}

/** Maya's and Sam's devices registered on a new board (person ids 'maya', 'sam'), read on the one `readOn` names, assessed. */
export async function mayaAndSamDevices(boardId: string, at: number, readOn: 'maya' | 'sam') {
  const doc = new Y.Doc()
  const maya = signerOf('device-maya', await generateSigningKeyPair())
  const sam = signerOf('device-sam', await generateSigningKeyPair())
  await registerDevice(doc, boardId, maya, 'maya', at)
  await registerDevice(doc, boardId, sam, 'sam', at)
  const trust = trustOnDevice(boardId, doc, readOn === 'maya' ? maya : sam)
  await trust.whenAssessed
  return { doc, maya, sam, trust }
}
