/**
 * Who a per-client limit counts (server/http/clientAddress.ts): the
 * connection's address, or behind a trusted proxy (TRUST_PROXY) the
 * rightmost forwarded address that is not one of our proxies.
 */
import { describe, expect, it } from 'vitest'
import { clientAddressKey } from '../../../server/http/clientAddress.ts'
import { parseAddressRange, TrustedProxies } from '../../../server/http/trustedProxies.ts'

const NONE = new TrustedProxies()
const LOCAL_PROXY = new TrustedProxies(['127.0.0.1', '::1'])

/** A request as the server sees it: the peer's address and, maybe, what a proxy forwarded. */
function request(remoteAddress: string | undefined, forwardedFor?: string | string[]) {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }
}

describe('the client address a limit counts against', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('a connection from %s counts as %s', (address, key) => {
    expect(clientAddressKey(request(address), NONE)).toBe(key)
  })

  it('every address of one /64 shares one key; the next /64 has its own', () => {
    const key = (address: string) => clientAddressKey(request(address), NONE)
    expect(key('2001:db8:0:1::a')).toBe(key('2001:db8:0:1:ffff::b'))
    expect(key('2001:db8:0:1::a')).not.toBe(key('2001:db8:0:2::a'))
  })

  it('X-Forwarded-For is ignored unless the connection comes from a trusted proxy', () => {
    expect(clientAddressKey(request('127.0.0.1', '198.51.100.9'), NONE)).toBe('127.0.0.1')
    expect(clientAddressKey(request('203.0.113.5', '198.51.100.9'), LOCAL_PROXY)).toBe('203.0.113.5')
  })

  it('behind a trusted proxy the client is the rightmost forwarded address that is not a trusted proxy', () => {
    // The client wrote the first entry itself; our proxy appended the address it was reached from.
    expect(clientAddressKey(request('127.0.0.1', '10.0.0.1, 198.51.100.9'), LOCAL_PROXY)).toBe('198.51.100.9')
    // Two proxies of ours in a row: the entries they appended are skipped.
    expect(clientAddressKey(request('127.0.0.1', '10.0.0.1, 198.51.100.9, ::1, 127.0.0.1'), LOCAL_PROXY)).toBe('198.51.100.9')
    // Repeated headers are read as one list, in order.
    expect(clientAddressKey(request('127.0.0.1', ['10.0.0.1', '198.51.100.9']), LOCAL_PROXY)).toBe('198.51.100.9')
  })

  it('a trusted proxy that forwards nothing readable is the client itself', () => {
    expect(clientAddressKey(request('127.0.0.1'), LOCAL_PROXY)).toBe('127.0.0.1')
    expect(clientAddressKey(request('127.0.0.1', ''), LOCAL_PROXY)).toBe('127.0.0.1')
    expect(clientAddressKey(request('127.0.0.1', 'unknown, not-an-address'), LOCAL_PROXY)).toBe('127.0.0.1')
    expect(clientAddressKey(request('::ffff:127.0.0.1', '127.0.0.1, ::1'), LOCAL_PROXY)).toBe('127.0.0.1')
  })

  it('malformed forwarded entries are skipped', () => {
    expect(clientAddressKey(request('127.0.0.1', '198.51.100.9, 999.1.1.1, garbage, 1.2.3'), LOCAL_PROXY)).toBe('198.51.100.9')
    expect(clientAddressKey(request('127.0.0.1', '198.51.100.9,,  '), LOCAL_PROXY)).toBe('198.51.100.9')
  })

  it('forwarded IPv6 addresses count by their /64; IPv4-mapped ones as the IPv4 address; ports and zones are dropped', () => {
    expect(clientAddressKey(request('127.0.0.1', '2001:db8:1:2::a'), LOCAL_PROXY)).toBe('2001:db8:1:2::/64')
    expect(clientAddressKey(request('::1', '2001:db8:1:2:ffff::b'), LOCAL_PROXY)).toBe('2001:db8:1:2::/64')
    expect(clientAddressKey(request('127.0.0.1', '::ffff:198.51.100.9'), LOCAL_PROXY)).toBe('198.51.100.9')
    expect(clientAddressKey(request('127.0.0.1', '198.51.100.9:4711'), LOCAL_PROXY)).toBe('198.51.100.9')
    expect(clientAddressKey(request('127.0.0.1', '[2001:db8:1:2::a]:4711'), LOCAL_PROXY)).toBe('2001:db8:1:2::/64')
    expect(clientAddressKey(request('127.0.0.1', 'fe80::1%eth0'), LOCAL_PROXY)).toBe('fe80:0:0:0::/64')
  })

  it('a connection from an IPv4-mapped address of a trusted proxy is trusted, and mapped forwarded proxies are skipped', () => {
    expect(clientAddressKey(request('::ffff:127.0.0.1', '198.51.100.9'), LOCAL_PROXY)).toBe('198.51.100.9')
    expect(clientAddressKey(request('127.0.0.1', '198.51.100.9, ::ffff:127.0.0.1'), LOCAL_PROXY)).toBe('198.51.100.9')
  })

  it('trusted proxies may be given as CIDR ranges', () => {
    const network = new TrustedProxies(['10.0.0.0/8', 'fd00::/8'])
    expect(clientAddressKey(request('10.1.2.3', '198.51.100.9, 10.9.9.9'), network)).toBe('198.51.100.9')
    expect(clientAddressKey(request('fd12::1', '198.51.100.9'), network)).toBe('198.51.100.9')
    expect(clientAddressKey(request('11.0.0.1', '198.51.100.9'), network)).toBe('11.0.0.1')
  })
})

describe('TRUST_PROXY entries', () => {
  it.each(['127.0.0.1', '::1', '10.0.0.0/8', '192.168.1.0/24', 'fd00::/8', '2001:db8::/128', '203.0.113.9/32'])(
    '%s is an address or range',
    (entry) => {
      expect(parseAddressRange(entry)).not.toBeNull()
    },
  )

  it.each([
    '',
    'localhost',
    '127.0.0.1 ',
    '999.0.0.1',
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '0.0.0.0/0',
    '::/0',
    'fe80::1%eth0',
    '[::1]',
    '127.0.0.1:80',
  ])('%o is refused', (entry) => {
    expect(parseAddressRange(entry)).toBeNull()
    expect(() => new TrustedProxies([entry])).toThrow(/is not an IP address or CIDR range/)
  })
})
