/**
 * Which keys this device believes, and for whom. A device pins each
 * person's key the first time it sees it (the inviter's from the link
 * itself, when the link carries its fingerprint), and from then on:
 *
 * - a pinned device whose key on the board is still the pinned one is
 *   `pinned`; one whose key was replaced is `key-changed` — shown, never
 *   silently accepted;
 * - another device of a person already pinned is `unconfirmed` until one of
 *   that person's believed devices signs a confirmation of it, or the people
 *   compare their code in person (`confirmedInPerson`); then `confirmed`,
 *   and pinned too.
 *
 * A record whose own signature does not verify is not a device at all.
 * Pure: the pins come in and go out; core/boardTrust.svelte.ts keeps them.
 */
import { toBase64Url } from '../../shared/crypto.ts'
import { keyFingerprint, type SigningAlg } from '../../shared/signing.ts'
import { verifyConfirmation, verifyDeviceRecord, type DeviceConfirmation, type DeviceRecord } from './devices.ts'

export type PinnedKey = { personId: string; alg: SigningAlg; publicKey: string }

/** What this device has pinned on one board. */
export type Pins = {
  devices: Record<string, PinnedKey>
  /** Devices confirmed by comparing the code in person. */
  confirmedInPerson: string[]
  /** The fingerprint of the link this device first joined by, kept so a reload (or the same board opened from elsewhere) still pins from it. */
  linkFingerprint?: string
}

export const NO_PINS: Pins = { devices: {}, confirmedInPerson: [] }

export type DeviceStanding = 'pinned' | 'confirmed' | 'unconfirmed' | 'key-changed'

export type AssessedDevice = { record: DeviceRecord; standing: DeviceStanding }

export type TrustInputs = {
  boardId: string
  records: readonly DeviceRecord[]
  confirmations: readonly DeviceConfirmation[]
  pins: Pins
  /** This device's own id: its own key is believed. */
  ownDeviceId: string | null
  /** The fingerprint an invite link carried: the inviter's key, pinned from the link itself. */
  linkFingerprint: string | null
}

/** True for the standings whose claims count as that person's. */
export function isBelieved(standing: DeviceStanding | undefined): boolean {
  return standing === 'pinned' || standing === 'confirmed'
}

/** Records whose self-signature verified, remembered by signature (a record is re-checked only when it changes). */
const verifiedRecords = new Map<string, boolean>()

async function selfSigned(boardId: string, record: DeviceRecord): Promise<boolean> {
  const key = `${boardId}:${record.deviceId}:${record.personId}:${toBase64Url(record.signature)}`
  let valid = verifiedRecords.get(key)
  if (valid === undefined) {
    valid = await verifyDeviceRecord(boardId, record)
    verifiedRecords.set(key, valid)
  }
  return valid
}

/** Every device on the board with its standing here, and the pins as they are after this look. */
export async function assessDevices(inputs: TrustInputs): Promise<{ devices: Map<string, AssessedDevice>; pins: Pins }> {
  const { boardId, pins } = inputs
  const valid: DeviceRecord[] = []
  for (const record of inputs.records) if (await selfSigned(boardId, record)) valid.push(record)
  valid.sort((a, b) => a.addedAt - b.addedAt || (a.deviceId < b.deviceId ? -1 : 1))

  const pinned: Record<string, PinnedKey> = { ...pins.devices }
  const devices = new Map<string, AssessedDevice>()
  const pin = (record: DeviceRecord, standing: DeviceStanding) => {
    pinned[record.deviceId] = { personId: record.personId, alg: record.alg, publicKey: toBase64Url(record.publicKey) }
    devices.set(record.deviceId, { record, standing })
  }
  const peoplePinned = new Set(Object.values(pinned).map((key) => key.personId))

  for (const record of valid) {
    const known = pinned[record.deviceId]
    if (known === undefined) continue
    const same = known.personId === record.personId && known.alg === record.alg && known.publicKey === toBase64Url(record.publicKey)
    devices.set(record.deviceId, { record, standing: same ? 'pinned' : 'key-changed' })
  }

  // First sight of a person: the key the link vouched for, this device's own, or else the first they added.
  const fromLink = inputs.linkFingerprint === null ? null : await findByFingerprint(valid, inputs.linkFingerprint)
  for (const record of [fromLink, ...valid.filter((r) => r.deviceId === inputs.ownDeviceId), ...valid]) {
    if (record === null || devices.has(record.deviceId) || peoplePinned.has(record.personId)) continue
    peoplePinned.add(record.personId)
    pin(record, 'pinned')
  }

  // Confirmations chain: a device confirmed by a believed device of the same person is believed too.
  const confirmationOf = new Map(inputs.confirmations.map((confirmation) => [confirmation.deviceId, confirmation]))
  for (let changed = true; changed;) {
    changed = false
    for (const record of valid) {
      if (devices.has(record.deviceId)) continue
      if (inputs.pins.confirmedInPerson.includes(record.deviceId)) {
        pin(record, 'confirmed')
        changed = true
        continue
      }
      const confirmation = confirmationOf.get(record.deviceId)
      const by = confirmation === undefined ? undefined : devices.get(confirmation.byDeviceId)
      if (confirmation === undefined || by === undefined || !isBelieved(by.standing) || by.record.personId !== record.personId) continue
      if (!(await verifyConfirmation(boardId, record, confirmation, by.record))) continue
      pin(record, 'confirmed')
      changed = true
    }
  }
  for (const record of valid) if (!devices.has(record.deviceId)) devices.set(record.deviceId, { record, standing: 'unconfirmed' })
  return { devices, pins: { ...pins, devices: pinned } }
}

async function findByFingerprint(records: readonly DeviceRecord[], fingerprint: string): Promise<DeviceRecord | null> {
  for (const record of records) if ((await keyFingerprint(record.alg, record.publicKey)) === fingerprint) return record
  return null
}

/**
 * A person's devices that are new here, not confirmed yet. For this
 * device's own person, only those that joined after it: the ones this
 * device may vouch for (it cannot vouch for itself).
 */
export function newDevicesOf(devices: Iterable<AssessedDevice>, personId: string, ownDeviceId: string | null): AssessedDevice[] {
  const all = [...devices]
  const own = all.find((device) => device.record.deviceId === ownDeviceId)
  const mine = own?.record.personId === personId
  return all.filter(
    ({ record, standing }) =>
      standing === 'unconfirmed' &&
      record.personId === personId &&
      (!mine || record.addedAt > own.record.addedAt || (record.addedAt === own.record.addedAt && record.deviceId > own.record.deviceId)),
  )
}
