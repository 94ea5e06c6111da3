/*
 * Keeps the app shell on the device so that a reload without a connection
 * still opens the page, which then reads the board from IndexedDB.
 *
 *  - navigations to / and /b/*: network first (fresh code when online), the
 *    cached shell when the network fails or hangs
 *  - /assets/*: cache first; Vite names them by content hash, so a cached
 *    file is never stale
 *  - /api/* and /ws: never touched; board data only ever travels encrypted
 *    over the socket and is kept by IndexedDB, not here
 *
 * Bump CACHE_VERSION when this file's caching rules change; old caches are
 * deleted on activate.
 */
const CACHE_VERSION = 2
const CACHE_NAME = `common-ground-shell-v${CACHE_VERSION}`
const SHELL_URL = '/index.html'
const NAVIGATION_TIMEOUT_MS = 4000
/**
 * The shell's own files beside the hashed assets: the icon, what an installed
 * app needs to start offline, and the quick exit's neutral page (so leaving
 * works without a connection too).
 */
const SHELL_FILES = [
  '/recipes.html',
  '/favicon.svg',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon.svg',
]

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys()
      await Promise.all(names.filter((name) => name !== CACHE_NAME).map((name) => caches.delete(name)))
      // Take over the page that registered us, so its next reload already works offline.
      await self.clients.claim()
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname === '/ws' || url.pathname.startsWith('/ws/')) return

  if (request.mode === 'navigate' && (url.pathname === '/' || url.pathname.startsWith('/b/'))) {
    event.respondWith(networkFirstShell(request))
  } else if (url.pathname.startsWith('/assets/') || SHELL_FILES.includes(url.pathname)) {
    event.respondWith(cacheFirst(request))
  }
})

/*
 * Fetches the shell and the assets it names. Runs at install, so the page
 * that registered the worker (loaded before the worker existed) is covered
 * too, without a build-time manifest.
 */
async function cacheShell() {
  const cache = await caches.open(CACHE_NAME)
  const response = await fetch('/', { cache: 'no-cache' })
  if (!response.ok) return
  const html = await response.clone().text()
  await cache.put(SHELL_URL, response)
  const assets = new Set([...SHELL_FILES, ...Array.from(html.matchAll(/\/assets\/[^"'\s)>]+/g), (match) => match[0])])
  await Promise.all(
    Array.from(assets, async (asset) => {
      const assetResponse = await fetch(asset)
      if (assetResponse.ok) await cache.put(asset, assetResponse)
    }),
  )
}

async function networkFirstShell(request) {
  const cache = await caches.open(CACHE_NAME)
  try {
    const response = await fetchWithTimeout(request, NAVIGATION_TIMEOUT_MS)
    const isShell = response.ok && !response.redirected && (response.headers.get('content-type') ?? '').includes('text/html')
    // Every board page is the same shell, so the freshest one serves them all.
    if (isShell) await cache.put(SHELL_URL, response.clone())
    return response
  } catch {
    const shell = await cache.match(SHELL_URL)
    return (
      shell ??
      new Response('Common Ground is offline and this device has no copy of it yet.', {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      })
    )
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE_NAME)
  const cached = await cache.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

function fetchWithTimeout(request, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('navigation timed out')), timeoutMs)
    fetch(request).then(
      (response) => {
        clearTimeout(timer)
        resolve(response)
      },
      (error) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
