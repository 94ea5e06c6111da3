/**
 * Checking one claim against the devices this device believes: the
 * signature must verify over the fields as they are now, by a device on the
 * board whose standing here is believed, of the person the record names.
 * Pure and async, so Node tests and the screen check alike; the screen's
 * reactive, remembering wrapper is core/boardTrust.svelte.ts.
 */
import { digest } from 'lib0/hash/sha256'
import { toBase64Url } from '../../shared/crypto.ts'
import { claimBytes, verifyBytes } from '../../shared/signing.ts'
import type { Claim, ClaimField, ClaimKind } from './claims.ts'
import { isBelieved, type AssessedDevice } from './deviceTrust.ts'

export type Verdict =
  /** No signature: written before signing existed, or by a device that does not sign. */
  | { state: 'unsigned' }
  /** Not checked yet. */
  | { state: 'checking' }
  /** Signed by a believed device of `personId`. */
  | { state: 'verified'; personId: string; deviceId: string }
  /** A valid signature by a device of `personId` this device does not believe yet (unconfirmed, or its key changed). */
  | { state: 'unconfirmed'; personId: string; deviceId: string }
  /** Does not verify: altered, signed by someone else, or by a key not on the board. */
  | { state: 'not-verified' }

export const UNSIGNED: Verdict = { state: 'unsigned' }
export const CHECKING: Verdict = { state: 'checking' }
export const NOT_VERIFIED: Verdict = { state: 'not-verified' }

/** The key a signature check is remembered under: what was signed, by which key, and the signature. */
export function signatureKey(
  boardId: string,
  kind: ClaimKind,
  fields: readonly ClaimField[],
  claim: Claim,
  device: AssessedDevice,
): string {
  return JSON.stringify([
    boardId,
    kind,
    fields,
    claim.deviceId,
    device.record.alg,
    toBase64Url(device.record.publicKey),
    toBase64Url(claim.signature),
  ])
}

/**
 * What a verified signature is remembered under on this device: the SHA-256
 * of its signatureKey, so the words it covers are not kept in the clear
 * beside the board, and a signature copied onto other words, or paired with
 * another key, is a different entry. Synchronous (lib0's SHA-256), so a
 * reload reads remembered verdicts without waiting.
 */
export function rememberedKey(signatureKey: string): string {
  return toBase64Url(digest(new TextEncoder().encode(signatureKey)))
}

export function verifySignature(
  boardId: string,
  kind: ClaimKind,
  fields: readonly ClaimField[],
  claim: Claim,
  device: AssessedDevice,
): Promise<boolean> {
  return verifyBytes(device.record.alg, device.record.publicKey, claim.signature, claimBytes(boardId, kind, fields))
}

/**
 * The verdict once the signature's validity is known. `personId` is who the
 * record says made the claim; null when any person may have (a card's text,
 * whose signer says who wrote it).
 */
export function verdictOf(claim: Claim, device: AssessedDevice | undefined, personId: string | null, signatureValid: boolean): Verdict {
  if (device === undefined || !signatureValid) return NOT_VERIFIED
  const signer = device.record.personId
  if (personId !== null && signer !== personId) return NOT_VERIFIED
  return isBelieved(device.standing)
    ? { state: 'verified', personId: signer, deviceId: claim.deviceId }
    : { state: 'unconfirmed', personId: signer, deviceId: claim.deviceId }
}

/** Checks a claim now: for Node, tests and anything off the screen. */
export async function checkClaim(
  boardId: string,
  devices: ReadonlyMap<string, AssessedDevice>,
  kind: ClaimKind,
  fields: readonly ClaimField[],
  claim: Claim | null,
  personId: string | null,
): Promise<Verdict> {
  if (claim === null) return UNSIGNED
  const device = devices.get(claim.deviceId)
  const valid = device !== undefined && (await verifySignature(boardId, kind, fields, claim, device))
  return verdictOf(claim, device, personId, valid)
}
