/**
 * The devices on a board: each person's signing keys, in the doc's
 * `devices` map (deviceId → DeviceRecord), each record signed by its own key
 * so no one can put a key there they do not hold. A second device of the
 * same person is confirmed by one of that person's confirmed devices, in
 * the `deviceConfirmations` map (deviceId → Confirmation). Whether this
 * device believes a key is another matter: core/deviceTrust.ts.
 */
import type * as Y from 'yjs'
import { toBase64Url } from '../../shared/crypto.ts'
import { bytesOf, claimBytes, isSigningAlg, verifyBytes, type Signer, type SigningAlg } from '../../shared/signing.ts'
import { isTime } from './docValues.ts'

export type DeviceRecord = {
  deviceId: string
  personId: string
  alg: SigningAlg
  publicKey: Uint8Array
  /** Server time it was added. */
  addedAt: number
  /** The device's own signature over who it is (deviceClaimFields). */
  signature: Uint8Array
}

export type DeviceConfirmation = {
  /** The device confirmed. */
  deviceId: string
  /** The device of the same person that confirmed it. */
  byDeviceId: string
  at: number
  signature: Uint8Array
}

export function devicesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('devices')
}

export function confirmationsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('deviceConfirmations')
}

function deviceClaim(boardId: string, record: Pick<DeviceRecord, 'deviceId' | 'personId' | 'alg' | 'publicKey'>): Uint8Array {
  return claimBytes(boardId, 'device', [record.deviceId, record.personId, record.alg, toBase64Url(record.publicKey)])
}

function confirmationClaim(boardId: string, device: DeviceRecord, at: number): Uint8Array {
  return claimBytes(boardId, 'confirm-device', [device.deviceId, device.personId, device.alg, toBase64Url(device.publicKey), at])
}

/** Puts this device's key on the board under `personId`, signed by itself. Idempotent. */
export async function registerDevice(doc: Y.Doc, boardId: string, signer: Signer, personId: string, now: number): Promise<void> {
  const existing = readDevice(signer.deviceId, devicesMap(doc).get(signer.deviceId))
  if (existing !== null && existing.personId === personId && toBase64Url(existing.publicKey) === toBase64Url(signer.publicKey)) return
  const record = { deviceId: signer.deviceId, personId, alg: signer.alg, publicKey: signer.publicKey }
  const signature = await signer.sign(deviceClaim(boardId, record))
  devicesMap(doc).set(signer.deviceId, {
    deviceId: signer.deviceId,
    personId,
    alg: signer.alg,
    publicKey: toBase64Url(signer.publicKey),
    addedAt: now,
    signature: toBase64Url(signature),
  })
}

/** This device (one of the person's confirmed ones) vouches for another device of the same person. */
export async function confirmDevice(doc: Y.Doc, boardId: string, signer: Signer, device: DeviceRecord, now: number): Promise<void> {
  const signature = await signer.sign(confirmationClaim(boardId, device, now))
  confirmationsMap(doc).set(device.deviceId, {
    deviceId: device.deviceId,
    byDeviceId: signer.deviceId,
    at: now,
    signature: toBase64Url(signature),
  })
}

/** A device record as stored, shape-checked (not yet its signature: see verifyDeviceRecord); null when it is not one. */
export function readDevice(id: string, value: unknown): DeviceRecord | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  if (entry.deviceId !== id || typeof entry.personId !== 'string' || entry.personId === '' || !isSigningAlg(entry.alg)) return null
  const publicKey = bytesOf(entry.publicKey)
  const signature = bytesOf(entry.signature)
  if (publicKey === null || signature === null || publicKey.length > 133 || signature.length > 132) return null
  return {
    deviceId: id,
    personId: entry.personId,
    alg: entry.alg,
    publicKey,
    addedAt: isTime(entry.addedAt) ? entry.addedAt : 0,
    signature,
  }
}

export function readDevices(doc: Y.Doc): DeviceRecord[] {
  const devices: DeviceRecord[] = []
  for (const [id, value] of devicesMap(doc)) {
    const device = readDevice(id, value)
    if (device !== null) devices.push(device)
  }
  return devices
}

export function readConfirmation(id: string, value: unknown): DeviceConfirmation | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  if (entry.deviceId !== id || typeof entry.byDeviceId !== 'string' || !isTime(entry.at)) return null
  const signature = bytesOf(entry.signature)
  if (signature === null || signature.length > 132) return null
  return { deviceId: id, byDeviceId: entry.byDeviceId, at: entry.at, signature }
}

export function readConfirmations(doc: Y.Doc): DeviceConfirmation[] {
  const confirmations: DeviceConfirmation[] = []
  for (const [id, value] of confirmationsMap(doc)) {
    const confirmation = readConfirmation(id, value)
    if (confirmation !== null) confirmations.push(confirmation)
  }
  return confirmations
}

/** True when the record was signed by the key it names: whoever wrote it holds that key. */
export function verifyDeviceRecord(boardId: string, device: DeviceRecord): Promise<boolean> {
  return verifyBytes(device.alg, device.publicKey, device.signature, deviceClaim(boardId, device))
}

/** True when `confirmation` was signed by `by` over `device` as it stands. */
export function verifyConfirmation(
  boardId: string,
  device: DeviceRecord,
  confirmation: DeviceConfirmation,
  by: DeviceRecord,
): Promise<boolean> {
  return verifyBytes(by.alg, by.publicKey, confirmation.signature, confirmationClaim(boardId, device, confirmation.at))
}
