/**
 * Who a per-client limit counts a request against. It is the connection's
 * own address, unless the connection comes from a trusted proxy
 * (TRUST_PROXY): then it is the rightmost address in X-Forwarded-For that
 * is not itself a trusted proxy. Each proxy appends the address it was
 * reached from, so the entries right of that one were written by proxies we
 * trust, and everything left of it by the client, who may write anything.
 */
import type { IncomingHttpHeaders } from 'node:http'
import net from 'node:net'
import type { TrustedProxies } from './trustedProxies.ts'

/** The part of a request (or an upgrade request) this reads. */
export type ClientRequest = { headers: IncomingHttpHeaders; socket: { remoteAddress?: string | undefined } }

/**
 * The key a per-client limit counts under: an IPv4 address as it is, an
 * IPv6 address by its /64 prefix, because one home or phone is usually
 * handed a whole /64 and could otherwise use a new address for every request.
 */
export function clientAddressKey(request: ClientRequest, trustedProxies: TrustedProxies): string {
  const address = clientAddress(request, trustedProxies)
  // A socket that is already gone has no address; such requests share one key.
  if (address === null) return 'unknown'
  return net.isIPv6(address) ? ipv6Prefix64(address) : address
}

/** The client's address, as clientAddressKey reads it; null when the socket is already gone. */
export function clientAddress(request: ClientRequest, trustedProxies: TrustedProxies): string | null {
  const peer = peerAddress(request)
  if (peer === null || !trustedProxies.includes(peer)) return peer
  const forwarded = forwardedAddresses(request.headers['x-forwarded-for'])
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(forwarded[i]!)) return forwarded[i]!
  }
  // Every hop was one of our proxies (or nothing readable was forwarded): the proxy is the client.
  return peer
}

/** Whether the request reached us through a trusted proxy, whose forwarded headers may be believed. */
export function fromTrustedProxy(request: ClientRequest, trustedProxies: TrustedProxies): boolean {
  const peer = peerAddress(request)
  return peer !== null && trustedProxies.includes(peer)
}

function peerAddress(request: ClientRequest): string | null {
  const address = request.socket.remoteAddress
  return address === undefined ? null : readAddress(address)
}

/** Node joins repeated X-Forwarded-For headers with commas; unreadable entries are skipped. */
function forwardedAddresses(header: string | string[] | undefined): string[] {
  if (header === undefined) return []
  const joined = Array.isArray(header) ? header.join(',') : header
  return joined.split(',').flatMap((entry) => readAddress(entry.trim()) ?? [])
}

/**
 * An address as a socket reports it or a proxy forwards it: "192.0.2.7",
 * "2001:db8::1", with a port ("192.0.2.7:4711", "[2001:db8::1]:4711"), a
 * zone ("fe80::1%eth0") or IPv4-mapped ("::ffff:192.0.2.7", counted as the
 * IPv4 address it is). Null when it is none of these.
 */
function readAddress(text: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text)
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text)
  const address = (bracketed?.[1] ?? v4WithPort?.[1] ?? text).split('%')[0]!
  if (net.isIPv4(address)) return address
  if (!net.isIPv6(address)) return null
  const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mappedIpv4 !== null ? mappedIpv4[1]! : address
}

function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  // "::" stands for as many zero groups as make eight.
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0')
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, 4)
  return `${groups.map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`
}
