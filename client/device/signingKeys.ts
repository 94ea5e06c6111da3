/**
 * This device's signing key on a board: made the first time the device
 * joins it, kept in the device store with its private half not extractable,
 * and forgotten with the board. One key per board, so two boards never
 * learn that one device sits on both.
 */
import { randomBytes, toBase64Url } from '../../shared/crypto.ts'
import { generateSigningKeyPair, isSigningAlg, signerOf, type Signer } from '../../shared/signing.ts'
import { inStore, keepForBoard, type SignerRecord } from './deviceStore.ts'

const signers = new Map<string, Promise<Signer>>()

/** This device's signer on `boardId`, made and kept on first use. */
export function deviceSigner(boardId: string): Promise<Signer> {
  let signer = signers.get(boardId)
  if (signer === undefined) {
    signer = loadOrMakeSigner(boardId)
    signers.set(boardId, signer)
    signer.catch(() => signers.delete(boardId))
  }
  return signer
}

async function loadOrMakeSigner(boardId: string): Promise<Signer> {
  const stored = await inStore<SignerRecord | undefined>('signers', 'readonly', (store) => store.get(boardId))
  if (stored !== undefined && isSigningAlg(stored.alg) && stored.privateKey instanceof CryptoKey) {
    return signerOf(stored.deviceId, { alg: stored.alg, privateKey: stored.privateKey, publicKey: new Uint8Array(stored.publicKey) })
  }
  const pair = await generateSigningKeyPair()
  const record: SignerRecord = { boardId, deviceId: toBase64Url(randomBytes(12)), ...pair }
  await keepForBoard(boardId, 'signers', (store) => store.put(record))
  return signerOf(record.deviceId, pair)
}

/** Forgets this device's key on a board it no longer holds. */
export async function forgetSigner(boardId: string): Promise<void> {
  signers.delete(boardId)
  await inStore('signers', 'readwrite', (store) => store.delete(boardId))
}
