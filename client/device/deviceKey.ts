/**
 * This device's own key: AES-GCM, made here the first time it is needed,
 * kept in IndexedDB and never extractable, so not even this page can read
 * its bytes. Never derived from a board link: what it seals (private notes,
 * the list of your boards) opens on this device only.
 */
import { inStore } from './deviceStore.ts'

const DEVICE_KEY = 'device'

let deviceKey: Promise<CryptoKey> | null = null

export function theDeviceKey(): Promise<CryptoKey> {
  deviceKey ??= (async () => {
    const stored = await inStore<CryptoKey | undefined>('keys', 'readonly', (store) => store.get(DEVICE_KEY))
    if (stored) return stored
    const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
    await inStore('keys', 'readwrite', (store) => store.put(made, DEVICE_KEY))
    return made
  })().catch((error: unknown) => {
    deviceKey = null
    throw error
  })
  return deviceKey
}
