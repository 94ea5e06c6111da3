/** Which pages may open a board's socket (server/http/socketOrigin.ts): this site's own, or a client that is no browser. */
import type { IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { foreignOrigin } from '../../../server/http/socketOrigin.ts'
import { TrustedProxies } from '../../../server/http/trustedProxies.ts'

const NONE = new TrustedProxies()
const LOCAL_PROXY = new TrustedProxies(['127.0.0.1'])

function upgrade(headers: IncomingHttpHeaders, remoteAddress = '127.0.0.1') {
  return { headers, socket: { remoteAddress } }
}

describe('the Origin of a socket', () => {
  it.each([
    ['http://127.0.0.1:8080', '127.0.0.1:8080'],
    ['https://board.example.com', 'board.example.com'],
    ['https://board.example.com', 'board.example.com:443'],
    ['http://board.example.com', 'board.example.com:80'],
    ['https://Board.Example.com', 'BOARD.example.com'],
    ['http://localhost:5173', 'localhost:5173'],
    ['http://[::1]:8080', '[::1]:8080'],
  ])('a page of %s may open a socket on %s', (origin, host) => {
    expect(foreignOrigin(upgrade({ origin, host }), NONE)).toBeNull()
  })

  it.each([
    ['https://evil.example', 'board.example.com'],
    ['https://board.example.com.evil.example', 'board.example.com'],
    ['http://127.0.0.1:9999', '127.0.0.1:8080'],
    ['http://board.example.com', 'board.example.com:443'],
    ['https://board.example.com:8443', 'board.example.com'],
    ['null', 'board.example.com'],
    ['file://', 'board.example.com'],
    ['not a url', 'board.example.com'],
    ['https://board.example.com', 'board.example.com, evil.example'],
    ['https://board.example.com', ''],
  ])('a page of %o may not open one on %o', (origin, host) => {
    expect(foreignOrigin(upgrade({ origin, host }), NONE)).toBe(origin)
  })

  it('a page may not open one on a request without a Host', () => {
    expect(foreignOrigin(upgrade({ origin: 'https://board.example.com' }), NONE)).toBe('https://board.example.com')
  })

  it('a client without an Origin (not a browser) may open one', () => {
    expect(foreignOrigin(upgrade({ host: 'board.example.com' }), NONE)).toBeNull()
  })

  it('X-Forwarded-Host names the site only when a trusted proxy sends it', () => {
    const rewritten = { origin: 'https://board.example.com', host: '127.0.0.1:8080', 'x-forwarded-host': 'board.example.com' }
    expect(foreignOrigin(upgrade(rewritten), LOCAL_PROXY)).toBeNull()
    expect(foreignOrigin(upgrade(rewritten), NONE)).toBe('https://board.example.com')
    expect(foreignOrigin(upgrade(rewritten, '203.0.113.5'), LOCAL_PROXY)).toBe('https://board.example.com')
    // Through a chain of proxies, the host the outermost one was asked for comes first.
    const chained = { origin: 'https://board.example.com', host: 'internal:8080', 'x-forwarded-host': 'board.example.com, internal:8080' }
    expect(foreignOrigin(upgrade(chained), LOCAL_PROXY)).toBeNull()
    expect(foreignOrigin(upgrade({ ...chained, origin: 'http://internal:8080' }), LOCAL_PROXY)).toBe('http://internal:8080')
  })
})
