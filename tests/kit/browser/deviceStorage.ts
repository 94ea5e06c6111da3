/**
 * Everything a page's origin keeps on the device, as one text to search:
 * localStorage, sessionStorage, cookies, every record of every IndexedDB
 * database (bytes read as Latin-1, so text stored as bytes is found too)
 * and the URLs in Cache Storage. What a person who picks up the device, or
 * copies its browser profile, could read without the app.
 */
import type { Page } from '@playwright/test'

export function storedOnDevice(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [document.cookie]
    for (const storage of [localStorage, sessionStorage]) {
      for (const key of Object.keys(storage)) parts.push(key, storage.getItem(key) ?? '')
    }
    const asText = (value: unknown): string => {
      if (value instanceof ArrayBuffer) return asText(new Uint8Array(value))
      if (ArrayBuffer.isView(value)) return String.fromCharCode(...new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
      if (value instanceof CryptoKey) return '[key]'
      if (Array.isArray(value)) return value.map(asText).join(' ')
      if (typeof value === 'object' && value !== null)
        return Object.entries(value)
          .map(([k, v]) => `${k}=${asText(v)}`)
          .join(' ')
      return String(value)
    }
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))))
    for (const { name } of await indexedDB.databases()) {
      if (name === undefined) continue
      parts.push(`database ${name}`)
      const db = await request(indexedDB.open(name))
      for (const storeName of db.objectStoreNames) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName)
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())])
        parts.push(storeName, asText(keys), asText(values))
      }
      db.close()
    }
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName)
      parts.push(cacheName, ...(await cache.keys()).map((cached) => cached.url))
    }
    return parts.join('\n')
  })
}

/** Which of `secrets` the device still keeps somewhere; [] when none. */
export async function leftOnDevice(page: Page, secrets: readonly string[]): Promise<string[]> {
  const stored = await storedOnDevice(page)
  return secrets.filter((secret) => stored.includes(secret))
}
