/**
 * Serves the built client (Vite's `dist/client/`). Every page route is the one
 * single-page app, so `/` and `/b/<board>` answer index.html. Hashed files
 * under /assets/ never change and are cached for a year; everything else is
 * revalidated, so a new build (and a new service worker) is picked up at once.
 * A person who follows a wrong address gets the app itself, with status 404,
 * and the app says calmly that nothing is here; a script or an image asking
 * for a missing file gets two plain words.
 */
import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { contentTypeOf } from './contentTypes.ts'
import { sendText } from './responses.ts'

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'
const NOT_FOUND_PAGE = 'no-store'

const NOT_BUILT =
  'Common Ground: the client has not been built, so there is no page to serve.\n' +
  'Run `npm run build` (or `npm start`, which builds first), then reload.\n'

export type StaticFiles = (request: IncomingMessage, response: ServerResponse, pathname: string) => Promise<void>

export function createStaticFiles(staticDir: string | null): StaticFiles {
  const root = staticDir === null ? null : path.resolve(staticDir)
  return async (request, response, pathname) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' })
    }
    if (root === null) return sendText(response, 404, 'Not found\n')
    if (isPageRoute(pathname)) {
      const served = await serveFile(request, response, path.join(root, 'index.html'), REVALIDATE)
      if (!served) sendText(response, 503, NOT_BUILT)
      return
    }
    const file = resolveInside(root, pathname)
    const cacheControl = pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE
    if (file === null || !(await serveFile(request, response, file, cacheControl))) {
      const servedPage = wantsPage(request) && (await serveFile(request, response, path.join(root, 'index.html'), NOT_FOUND_PAGE, 404))
      if (!servedPage) sendText(response, 404, 'Not found\n')
    }
  }
}

/** A browser navigating asks for HTML first; fetch(), scripts and images do not. */
function wantsPage(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').includes('text/html')
}

function isPageRoute(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html' || pathname === '/b' || pathname.startsWith('/b/')
}

/** Maps a URL path to a file under root, or null when it is malformed or would leave root. */
function resolveInside(root: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  // Resolve, then check the prefix: '..' and encoded slashes cannot climb out of root.
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded))
  return file.startsWith(root + path.sep) ? file : null
}

/** Sends a regular file; false when there is none (a directory counts as none). Only a 200 is ever answered "not modified". */
async function serveFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  cacheControl: string,
  status = 200,
): Promise<boolean> {
  let stat: fs.Stats
  try {
    stat = await fs.promises.stat(file)
  } catch {
    return false
  }
  if (!stat.isFile()) return false
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`
  const headers = {
    'Content-Type': contentTypeOf(file),
    'Cache-Control': cacheControl,
    'Last-Modified': stat.mtime.toUTCString(),
    ETag: etag,
  }
  if (status === 200 && request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers)
    response.end()
    return true
  }
  response.writeHead(status, { ...headers, 'Content-Length': stat.size })
  if (request.method === 'HEAD') {
    response.end()
    return true
  }
  await new Promise<void>((resolve) => {
    const stream = fs.createReadStream(file)
    stream.on('error', () => {
      response.destroy()
      resolve()
    })
    stream.pipe(response).on('finish', resolve).on('close', resolve)
  })
  return true
}
