/**
 * Keys, tokens and sealed frames, with WebCrypto so the browser and Node run
 * the same code. A board's 256-bit secret lives only in the invite link's
 * #fragment; from it HKDF derives the encryption key and the access token.
 * The server sees the token when a socket opens and stores only its SHA-256.
 */
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer'
import type { SealedKind } from './protocol.ts'

const SECRET_BYTES = 32
const IV_BYTES = 12
const GCM_TAG_BYTES = 16
const textEncoder = new TextEncoder()

/** A sealed payload that failed authentication: tampered, truncated, or from another board. */
export class FrameAuthError extends Error {
  constructor(message = 'frame failed authentication') {
    super(message)
    this.name = 'FrameAuthError'
  }
}

export type BoardKeys = {
  /** AES-256-GCM key for every sealed payload of the board. */
  encryptionKey: CryptoKey
  /** Proves knowledge of the link to the server; never stored there. */
  accessToken: Uint8Array
}

function subtle(): SubtleCrypto {
  if (!globalThis.crypto?.subtle) {
    throw new Error('WebCrypto is unavailable: the page must be served over https or from localhost')
  }
  return globalThis.crypto.subtle
}

/** Copies into a fresh ArrayBuffer-backed array, the type WebCrypto asks for. */
function bytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(view)
}

/** Random bytes from the platform's CSPRNG. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length))
}

/** A new board secret: 256 random bits. */
export function generateBoardSecret(): Uint8Array {
  return randomBytes(SECRET_BYTES)
}

/** A new board id: 128 random bits in base64url. */
export function generateBoardId(): string {
  return toBase64Url(randomBytes(16))
}

/**
 * Derives the board's encryption key and access token from its secret with
 * HKDF-SHA-256. The board id is the salt, so one secret reused for two
 * boards still yields unrelated keys.
 */
export async function deriveBoardKeys(boardId: string, secret: Uint8Array): Promise<BoardKeys> {
  if (secret.length !== SECRET_BYTES) throw new Error(`a board secret is ${SECRET_BYTES} bytes`)
  const master = await subtle().importKey('raw', bytes(secret), 'HKDF', false, ['deriveKey', 'deriveBits'])
  const hkdf = (info: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: textEncoder.encode(`common-ground/board/${boardId}`),
    info: textEncoder.encode(info),
  })
  const encryptionKey = await subtle().deriveKey(hkdf('common-ground/v1/encryption-key'), master, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ])
  const accessToken = new Uint8Array(await subtle().deriveBits(hkdf('common-ground/v1/access-token'), master, 256))
  return { encryptionKey, accessToken }
}

/** SHA-256 of an access token, base64url: all the server keeps of it. */
export async function hashAccessToken(token: Uint8Array): Promise<string> {
  return toBase64Url(new Uint8Array(await subtle().digest('SHA-256', bytes(token))))
}

function additionalData(boardId: string, kind: SealedKind): Uint8Array<ArrayBuffer> {
  return textEncoder.encode(`common-ground/v1/${kind}/${boardId}`)
}

/**
 * Encrypts a payload with AES-256-GCM under a fresh 96-bit IV, binding the
 * board id and the payload's kind as additional data.
 * Layout: [iv: 12 bytes][ciphertext + 16-byte tag].
 */
export function sealPayload(key: CryptoKey, boardId: string, kind: SealedKind, plaintext: Uint8Array): Promise<Uint8Array> {
  return sealBytes(key, additionalData(boardId, kind), plaintext)
}

/**
 * Decrypts a payload sealed by `sealPayload` for this board and kind.
 * Throws FrameAuthError when it was altered, cut short, or sealed for
 * another board or kind.
 */
export function openPayload(key: CryptoKey, boardId: string, kind: SealedKind, sealed: Uint8Array): Promise<Uint8Array> {
  return openBytes(key, additionalData(boardId, kind), sealed)
}

/** AES-256-GCM under a fresh 96-bit IV, bound to `context`. Layout: [iv: 12 bytes][ciphertext + 16-byte tag]. */
export async function sealBytes(key: CryptoKey, context: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const iv = randomBytes(IV_BYTES)
  const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: bytes(context) }, key, bytes(plaintext))
  const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength)
  sealed.set(iv, 0)
  sealed.set(new Uint8Array(ciphertext), IV_BYTES)
  return sealed
}

/** Opens what `sealBytes` sealed for the same context; throws FrameAuthError when it was altered, cut short or sealed for another. */
export async function openBytes(key: CryptoKey, context: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  if (sealed.length < IV_BYTES + GCM_TAG_BYTES) throw new FrameAuthError('sealed payload is too short')
  try {
    const plaintext = await subtle().decrypt(
      { name: 'AES-GCM', iv: bytes(sealed.subarray(0, IV_BYTES)), additionalData: bytes(context) },
      key,
      bytes(sealed.subarray(IV_BYTES)),
    )
    return new Uint8Array(plaintext)
  } catch {
    throw new FrameAuthError()
  }
}

/** Base64url without padding, as used in links and ids. */
export function toBase64Url(data: Uint8Array): string {
  return toBase64UrlEncoded(data)
}

/** Parses base64url; throws on characters outside its alphabet or a length no encoding has. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('not base64url')
  return fromBase64UrlEncoded(text)
}

/** A board's secret, and the inviter's key fingerprint when the link carries one (links made before signing do not). */
export type InviteFragment = { secret: Uint8Array; fingerprint: string | null }

/** A key fingerprint as links carry it: 16 bytes of base64url (shared/signing.ts keyFingerprint). */
const FINGERPRINT = /^[A-Za-z0-9_-]{22}$/

/**
 * The one reader of a link's fragment: `#<secret>` (links made before
 * signing) or `#<secret>.<fingerprint>`; null for anything else, which the
 * board page shows calmly as an incomplete link.
 */
export function parseInviteFragment(fragment: string): InviteFragment | null {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment
  const [secretText = '', fingerprint, ...rest] = text.split('.')
  if (rest.length > 0 || (fingerprint !== undefined && !FINGERPRINT.test(fingerprint))) return null
  try {
    const secret = fromBase64Url(secretText)
    return secret.length === SECRET_BYTES ? { secret, fingerprint: fingerprint ?? null } : null
  } catch {
    return null
  }
}

/** Parses a board secret from a link's fragment, or returns null when it is not one. */
export function parseBoardSecret(fragment: string): Uint8Array | null {
  return parseInviteFragment(fragment)?.secret ?? null
}

/** A link's fragment: the board's secret, and the inviter's key fingerprint where there is one, so the joiner pins the inviter from the link itself. */
export function inviteFragment(secret: Uint8Array, fingerprint: string | null = null): string {
  return `#${toBase64Url(secret)}${fingerprint === null ? '' : `.${fingerprint}`}`
}

/** A board's link: the secret rides in the fragment, which browsers never send. */
export function boardLink(origin: string, boardId: string, secret: Uint8Array, fingerprint: string | null = null): string {
  return `${origin}/b/${boardId}${inviteFragment(secret, fingerprint)}`
}
