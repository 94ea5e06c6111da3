/**
 * Heads: what each device says, sealed and signed, about how far it has
 * written and what it has seen — its own counter (the last change it sent),
 * the counter it has reached of each other device, the state vector of its
 * copy of the board and that copy's digest (stateDigest.ts). Devices
 * pass them to each other in their presence, so a device learns what should
 * have reached it and a newcomer learns what the board held before it came;
 * the server relays them and cannot forge them.
 */
import { toBase64Url } from './crypto.ts'
import { bytesOf, claimBytes, type Signer } from './signing.ts'

export type Heads = {
  deviceId: string
  personId: string
  /** The counter of the last change this device sent. */
  written: number
  /** deviceId → the highest counter of that device this one holds. */
  seen: Record<string, number>
  /** Y state vector of this device's copy: clientID → clock. */
  stateVector: Record<string, number>
  /** stateDigest of this device's copy. */
  stateDigest: string
  /** Server time they were signed. */
  at: number
}

export type SignedHeads = Heads & { signature: Uint8Array }

const MAX_DEVICES = 256

function headsFields(heads: Heads): (string | number)[] {
  const ordered = (record: Record<string, number>) => JSON.stringify(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)))
  return [heads.deviceId, heads.personId, heads.written, ordered(heads.seen), ordered(heads.stateVector), heads.stateDigest, heads.at]
}

export function headsBytes(boardId: string, heads: Heads): Uint8Array {
  return claimBytes(boardId, 'heads', headsFields(heads))
}

/** Heads as they go into this device's presence: signed, the signature in base64url. */
export async function signHeads(signer: Signer, boardId: string, heads: Heads): Promise<Record<string, unknown>> {
  const signature = await signer.sign(headsBytes(boardId, heads))
  return { ...heads, signature: toBase64Url(signature) }
}

function counters(value: unknown): Record<string, number> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length > MAX_DEVICES) return null
  const read: Record<string, number> = {}
  for (const [key, count] of entries) {
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || key.length > 64) return null
    read[key] = count
  }
  return read
}

/** Heads read from someone's presence, shape-checked (not yet their signature); null when they are not heads. */
export function readHeads(value: unknown): SignedHeads | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  const seen = counters(entry.seen)
  const stateVector = counters(entry.stateVector)
  const signature = bytesOf(entry.signature)
  if (typeof entry.deviceId !== 'string' || entry.deviceId === '' || entry.deviceId.length > 64) return null
  if (typeof entry.personId !== 'string' || entry.personId.length > 64) return null
  if (typeof entry.written !== 'number' || !Number.isSafeInteger(entry.written) || entry.written < 0) return null
  if (seen === null || stateVector === null || signature === null || signature.length > 132) return null
  if (typeof entry.stateDigest !== 'string' || entry.stateDigest.length > 64 || typeof entry.at !== 'number' || !Number.isFinite(entry.at))
    return null
  return {
    deviceId: entry.deviceId,
    personId: entry.personId,
    written: entry.written,
    seen,
    stateVector,
    stateDigest: entry.stateDigest,
    at: entry.at,
    signature,
  }
}
