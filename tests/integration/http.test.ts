/**
 * The HTTP side (docs/design.md "Links, keys and access", "Privacy and safety"):
 * board creation and deletion, the headers every response carries, and
 * serving the built client without leaving its directory.
 */
import fs from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { toBase64Url } from '../../shared/crypto.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { CONTENT_SECURITY_POLICY } from '../../server/http/securityHeaders.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, deleteBoard, newBoardKeys, postBoard, seal } from '../kit/boards.ts'
import { joinBoard, RawClient } from '../kit/rawClient.ts'

/** A request exactly as written, unlike fetch, which normalises '..' away. */
function rawGet(server: { port: number }, target: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: server.port, path: target, method: 'GET' }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }))
    })
    request.on('error', reject)
    request.end()
  })
}

async function builtClient(): Promise<{ staticDir: string; secretFile: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-static-'))
  onTestFinished(() => fs.rm(root, { recursive: true, force: true }))
  const staticDir = path.join(root, 'dist')
  await fs.mkdir(path.join(staticDir, 'assets'), { recursive: true })
  await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Common Ground</title>')
  await fs.writeFile(path.join(staticDir, 'assets', 'main-abc123.js'), 'console.log("hi")')
  await fs.writeFile(path.join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  const secretFile = path.join(root, 'secret.txt')
  await fs.writeFile(secretFile, 'TOP SECRET OUTSIDE DIST')
  return { staticDir, secretFile }
}

describe('creating a board', () => {
  it('answers 201 with the board id, 409 for an id already taken, as JSON', async () => {
    const { server } = await newServer()
    const board = await newBoardKeys()
    const created = await postBoard(server, { boardId: board.boardId, tokenHash: board.tokenHash })
    expect(created.status).toBe(201)
    expect(await created.json()).toEqual({ boardId: board.boardId })

    const again = await postBoard(server, { boardId: board.boardId, tokenHash: board.tokenHash })
    expect(again.status).toBe(409)
    expect(again.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await again.json()).toEqual({ error: { code: 'board_exists', message: 'A board with this id already exists.' } })
  })

  it('answers 400 for a body that is not JSON or has malformed fields', async () => {
    const { server } = await newServer()
    const { boardId, tokenHash } = await newBoardKeys()
    const notJson = await postBoard(server, '{"boardId": ')
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json')
    for (const body of [
      [],
      { boardId },
      { boardId: 'short', tokenHash },
      { boardId, tokenHash: 'x'.repeat(44) },
      { boardId: 7, tokenHash },
    ]) {
      const response = await postBoard(server, body)
      expect(response.status).toBe(400)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
    }
  })

  it('answers 413 for a body over 4 KiB', async () => {
    const { server } = await newServer()
    const { boardId, tokenHash } = await newBoardKeys()
    const response = await postBoard(server, { boardId, tokenHash, padding: 'x'.repeat(5000) })
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('body_too_large')
    // Nothing was created.
    expect((await postBoard(server, { boardId, tokenHash })).status).toBe(201)
  })
})

describe('deleting a board', () => {
  it("answers 204 for the right token, drops the log and closes the board's open sockets with 4410", async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const otherBoard = await createBoard(server)
    const open = [await joinBoard(server, board), await joinBoard(server, board)]
    const bystander = await joinBoard(server, otherBoard)
    await open[0]!.client.pushUpdate(1, await seal(board, 'soon gone'))

    expect((await deleteBoard(server, board.boardId, board.accessToken)).status).toBe(204)
    for (const { client } of open) expect(await client.waitForClose()).toEqual({ code: CloseCode.boardGone, reason: 'board deleted' })
    expect(await bystander.client.pushUpdate(1, await seal(otherBoard, 'unaffected'))).toBe(1)

    const again = await deleteBoard(server, board.boardId, board.accessToken)
    expect(again.status).toBe(410)
    // The id stays reserved.
    expect((await postBoard(server, { boardId: board.boardId, tokenHash: board.tokenHash })).status).toBe(409)
  })

  it('answers 401 for a wrong or missing token and 404 for an unknown board; the token is never in the URL', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const wrong = await deleteBoard(server, board.boardId, crypto.getRandomValues(new Uint8Array(32)))
    expect(wrong.status).toBe(401)
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
    const missing = await fetch(`${server.url}/api/boards/${board.boardId}`, { method: 'DELETE' })
    expect(missing.status).toBe(401)
    const inQuery = await fetch(`${server.url}/api/boards/${board.boardId}?token=${toBase64Url(board.accessToken)}`, { method: 'DELETE' })
    expect(inQuery.status).toBe(401)
    const unknown = await newBoardKeys()
    expect((await deleteBoard(server, unknown.boardId, unknown.accessToken)).status).toBe(404)

    // Still there and still opens.
    const { client } = await joinBoard(server, board)
    expect(client.socket.readyState).toBe(client.socket.OPEN)
  })
})

describe('every response', () => {
  it('carries the security headers, API errors are JSON and /healthz answers ok', async () => {
    const { server } = await newServer()
    for (const target of ['/healthz', '/api/nope', '/', '/b/xyz', '/missing.js']) {
      const response = await fetch(`${server.url}${target}`)
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()')
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
    const health = await fetch(`${server.url}/healthz`)
    expect(await health.json()).toEqual({ ok: true })
    const missingApi = await fetch(`${server.url}/api/nope`)
    expect(missingApi.status).toBe(404)
    expect(await missingApi.json()).toMatchObject({ error: { code: 'not_found' } })
  })

  it('a WebSocket upgrade on any path but /ws is refused with 404', async () => {
    const { server } = await newServer()
    await expect(RawClient.connect(server.url.replace('http', 'ws') + '/elsewhere')).rejects.toThrow(/404/)
  })
})

describe('the built client', () => {
  it('/ and /b/<board> serve index.html uncached; hashed assets are immutable; sw.js is revalidated', async () => {
    const { staticDir } = await builtClient()
    const { server } = await newServer({ staticDir })
    for (const target of ['/', '/b/AAAAAAAAAAAAAAAAAAAAAA']) {
      const page = await fetch(`${server.url}${target}`)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(page.headers.get('cache-control')).toBe('no-cache')
      expect(await page.text()).toContain('<title>Common Ground</title>')
    }
    const asset = await fetch(`${server.url}/assets/main-abc123.js`)
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const worker = await fetch(`${server.url}/sw.js`)
    expect(worker.headers.get('cache-control')).toBe('no-cache')
    const missing = await fetch(`${server.url}/assets/missing.js`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/)
  })

  it('refuses paths that climb out of the static directory', async () => {
    const { staticDir } = await builtClient()
    const { server } = await newServer({ staticDir })
    for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/../package.json']) {
      const response = await rawGet(server, target)
      expect(response.status, target).toBe(404)
      expect(response.body).not.toContain('TOP SECRET')
      expect(response.body).not.toContain('common-ground')
    }
  })

  it('without a build, / explains that `npm run build` is needed', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-empty-'))
    onTestFinished(() => fs.rm(root, { recursive: true, force: true }))
    const { server } = await newServer({ staticDir: root })
    const response = await fetch(`${server.url}/`)
    expect(response.status).toBe(503)
    expect(await response.text()).toContain('npm run build')
  })
})
