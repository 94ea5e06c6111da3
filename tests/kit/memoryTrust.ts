/**
 * A device's BoardTrust in Node: its pins kept in memory, as the device
 * store keeps them in the browser. What a test reads verdicts through, the
 * same class the screen reads them through.
 */
import type * as Y from 'yjs'
import { BoardTrust, type PinStore } from '../../client/core/boardTrust.svelte.ts'
import type { Signer } from '../../shared/signing.ts'

/** Pins kept in memory for one device. */
export function memoryPins(): PinStore {
  let stored: unknown = null
  return { load: async () => stored, save: async (pins) => void (stored = pins) }
}

/** What the device signing as `signer` believes on the board `doc` holds; destroy it when done. */
export function trustOnDevice(boardId: string, doc: Y.Doc, signer: Signer): BoardTrust {
  return new BoardTrust({ boardId, doc, signer: Promise.resolve(signer), pins: memoryPins(), linkFingerprint: null })
}
