/**
 * Who kept a version of the board's history, and whether it is the version
 * the server's listing says it is. A version is a snapshot signed by the
 * device that took it, over the log's seq it covers and the time it was
 * taken (shared/signedEnvelope.ts), so the server, which cannot read it,
 * can still try to pass one version off as another (serve last week's bytes
 * as today's, or relabel its time): the signature binds what the poster
 * said, and this compares that with what the listing says.
 */
import { snapshotSignedBytes, type SnapshotEnvelope } from '../../shared/signedEnvelope.ts'
import { verifyBytes, type SigningAlg } from '../../shared/signing.ts'
import type { HistoryVersion } from './historyApi.ts'

/** How far the time a version was signed may be from the time the server stored it (the post in between, a clock estimate). */
export const VERSION_TIME_SLACK_MS = 5 * 60_000

/** A device this one believes, of a person on the board. */
export type BelievedDevice = { alg: SigningAlg; publicKey: Uint8Array; personId: string }

/** Why a signed version could not be verified. */
export type UnverifiedReason =
  /** Its signature is not its device's, or its device is not one this device believes (unknown, unconfirmed, key changed). */
  | 'unknown-device'
  | 'bad-signature'
  /** It verifies, but covers another point of the log, or was kept at another time, than the listing says. */
  | 'not-as-listed'

export type VersionProvenance =
  /** Kept before signing existed, or by a device that does not sign. */
  | { status: 'unsigned' }
  | { status: 'verified'; personId: string; deviceId: string; at: number }
  | { status: 'not-verified'; reason: UnverifiedReason }

export const UNSIGNED_VERSION: VersionProvenance = { status: 'unsigned' }

/**
 * `signed` (the opened version's envelope; null when it was kept before
 * signing) checked against the believed devices and against `listed`, the
 * server's entry it was fetched as.
 */
export async function versionProvenance(
  boardId: string,
  listed: Pick<HistoryVersion, 'coversSeq' | 'createdAt'>,
  signed: SnapshotEnvelope | null,
  deviceOf: (deviceId: string) => BelievedDevice | null,
): Promise<VersionProvenance> {
  if (signed === null) return UNSIGNED_VERSION
  const device = deviceOf(signed.deviceId)
  if (device === null) return { status: 'not-verified', reason: 'unknown-device' }
  if (!(await verifyBytes(device.alg, device.publicKey, signed.signature, snapshotSignedBytes(boardId, signed))))
    return { status: 'not-verified', reason: 'bad-signature' }
  if (signed.coversSeq !== listed.coversSeq || Math.abs(signed.at - listed.createdAt) > VERSION_TIME_SLACK_MS)
    return { status: 'not-verified', reason: 'not-as-listed' }
  return { status: 'verified', personId: device.personId, deviceId: signed.deviceId, at: signed.at }
}
