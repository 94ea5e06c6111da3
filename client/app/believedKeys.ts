/**
 * The keys the sync layer checks signed changes and heads against: the
 * devices on the board this device believes (BoardTrust), never one whose key
 * changed from the one pinned here. The sync layer imports no app code, so
 * the shell hands it this answer.
 */
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { DeviceKey } from '../sync/boardWitness.ts'

export function believedKeys(trust: () => BoardTrust | null): (deviceId: string) => DeviceKey | null {
  return (deviceId) => {
    const device = trust()?.devices.get(deviceId)
    if (device === undefined || device.standing === 'key-changed') return null
    const { alg, publicKey, personId } = device.record
    return { alg, publicKey, personId }
  }
}
