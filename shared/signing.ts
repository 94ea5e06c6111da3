/**
 * Signatures, with WebCrypto so the browser and Node run the same code.
 * Each device holds its own signing key per board (Ed25519; ECDSA P-256
 * where a browser lacks it), its private half never extractable; the public
 * half goes into the board, where every other device checks what it signs.
 * A board's symmetric key says "someone with the link"; a signature says
 * "this device".
 */
import { fromBase64Url, toBase64Url } from './crypto.ts'

export type SigningAlg = 'Ed25519' | 'ECDSA-P256'

export type SigningKeyPair = {
  alg: SigningAlg
  /** Not extractable: not even this page can read its bytes. */
  privateKey: CryptoKey
  /** Raw public key: 32 bytes (Ed25519) or a 65-byte uncompressed point (P-256). */
  publicKey: Uint8Array
}

/** What signs for this device on one board. */
export type Signer = {
  deviceId: string
  alg: SigningAlg
  publicKey: Uint8Array
  sign(data: Uint8Array): Promise<Uint8Array>
}

const ECDSA_IMPORT = { name: 'ECDSA', namedCurve: 'P-256' } as const
const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const
const encoder = new TextEncoder()

function subtle(): SubtleCrypto {
  if (!globalThis.crypto?.subtle) throw new Error('WebCrypto is unavailable: the page must be served over https or from localhost')
  return globalThis.crypto.subtle
}

function bytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(view)
}

export function isSigningAlg(value: unknown): value is SigningAlg {
  return value === 'Ed25519' || value === 'ECDSA-P256'
}

/** A new key pair: Ed25519 where the platform has it, else ECDSA P-256. */
export async function generateSigningKeyPair(): Promise<SigningKeyPair> {
  try {
    const pair = (await subtle().generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair
    return { alg: 'Ed25519', privateKey: pair.privateKey, publicKey: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)) }
  } catch {
    const pair = await subtle().generateKey(ECDSA_IMPORT, false, ['sign', 'verify'])
    return { alg: 'ECDSA-P256', privateKey: pair.privateKey, publicKey: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)) }
  }
}

export function signerOf(deviceId: string, pair: SigningKeyPair): Signer {
  const params = pair.alg === 'Ed25519' ? { name: 'Ed25519' } : ECDSA_SIGN
  return {
    deviceId,
    alg: pair.alg,
    publicKey: pair.publicKey,
    sign: async (data) => new Uint8Array(await subtle().sign(params, pair.privateKey, bytes(data))),
  }
}

/** Imported public keys, by algorithm and key: importing costs more than the check itself. */
const importedKeys = new Map<string, Promise<CryptoKey>>()
const MAX_IMPORTED_KEYS = 256

function importPublicKey(alg: SigningAlg, publicKey: Uint8Array): Promise<CryptoKey> {
  const cacheKey = `${alg}:${toBase64Url(publicKey)}`
  let key = importedKeys.get(cacheKey)
  if (key === undefined) {
    if (importedKeys.size >= MAX_IMPORTED_KEYS) importedKeys.clear()
    const params = alg === 'Ed25519' ? { name: 'Ed25519' } : ECDSA_IMPORT
    key = subtle().importKey('raw', bytes(publicKey), params, false, ['verify'])
    importedKeys.set(cacheKey, key)
    key.catch(() => importedKeys.delete(cacheKey))
  }
  return key
}

/** True when `signature` is `publicKey`'s over `data`; false for anything malformed, never a throw. */
export async function verifyBytes(alg: SigningAlg, publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  try {
    const key = await importPublicKey(alg, publicKey)
    const params = alg === 'Ed25519' ? { name: 'Ed25519' } : ECDSA_SIGN
    return await subtle().verify(params, key, bytes(signature), bytes(data))
  } catch {
    return false
  }
}

/**
 * What a signature on the board covers: a claim's kind, the board it is
 * about, and its fields, as canonical JSON, so a signature for one board,
 * kind or record never verifies as another.
 */
export function claimBytes(boardId: string, kind: string, fields: readonly (string | number | boolean | null)[]): Uint8Array {
  return encoder.encode(JSON.stringify(['common-ground/claim/v1', boardId, kind, ...fields]))
}

/** A key's fingerprint: SHA-256 over its algorithm and bytes, the first 16 bytes in base64url (what an invite link carries). */
export async function keyFingerprint(alg: SigningAlg, publicKey: Uint8Array): Promise<string> {
  const named = new Uint8Array([...encoder.encode(`${alg}:`), ...publicKey])
  const digest = new Uint8Array(await subtle().digest('SHA-256', named))
  return toBase64Url(digest.subarray(0, 16))
}

/** base64url text back to bytes, or null when it is not base64url. */
export function bytesOf(text: unknown): Uint8Array | null {
  if (typeof text !== 'string') return null
  try {
    return fromBase64Url(text)
  } catch {
    return null
  }
}
