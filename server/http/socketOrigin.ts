/**
 * Which pages may open a board's socket: this site's own. A page elsewhere
 * could otherwise open sockets from its visitors' browsers, spending their
 * addresses' allowances or reaching a server that listens only on the
 * visitor's own machine (the default, 127.0.0.1). A browser names the page
 * in the Origin header and no page can change it; a client that sends none
 * is not a browser, and could have sent any Origin it liked, so it is let in.
 *
 * "This site" is the Host the request was sent to, or, behind a trusted
 * proxy that rewrites Host, the X-Forwarded-Host it passes on.
 */
import { fromTrustedProxy, type ClientRequest } from './clientAddress.ts'
import type { TrustedProxies } from './trustedProxies.ts'

/** The Origin header when it names another site; null when the socket may open. */
export function foreignOrigin(request: ClientRequest, trustedProxies: TrustedProxies): string | null {
  const origin = request.headers.origin
  if (origin === undefined) return null
  const host = (fromTrustedProxy(request, trustedProxies) ? forwardedHost(request) : undefined) ?? request.headers.host
  return host !== undefined && isOriginOf(origin, host) ? null : origin
}

/** The first X-Forwarded-Host: the host the outermost proxy was asked for (as Express reads it). */
function forwardedHost(request: ClientRequest): string | undefined {
  const header = request.headers['x-forwarded-host']
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim()
  return first === '' ? undefined : first
}

/** Whether `origin` ("https://board.example.com") is the site at `host` ("board.example.com", "127.0.0.1:8080"). */
function isOriginOf(origin: string, host: string): boolean {
  let page: URL
  try {
    page = new URL(origin)
  } catch {
    return false
  }
  if (page.protocol !== 'http:' && page.protocol !== 'https:') return false
  const site = /^(\[[0-9A-Fa-f:.]+\]|[^[\]:/@\s]+)(?::(\d{1,5}))?$/.exec(host)
  if (site === null) return false
  const [, hostname = '', port] = site
  // A Host without a port was reached on the scheme's own port, as an Origin without one names it.
  const defaultPort = page.protocol === 'https:' ? '443' : '80'
  return page.hostname === hostname.toLowerCase() && (page.port || defaultPort) === (port ?? defaultPort)
}
