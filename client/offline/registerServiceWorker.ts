/**
 * Registers client/public/sw.js, which keeps the app shell on the device so
 * a reload without a connection still opens the board from IndexedDB.
 *
 * Only in built pages: during `vite dev` a caching worker would serve stale
 * modules and hide edits.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
    // The board still works online without it; only offline reloads are lost.
    console.warn('Offline support is unavailable:', error)
  })
}
