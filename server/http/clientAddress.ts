/**
 * Who a per-client limit counts a request against, from the socket's
 * address (request.socket.remoteAddress), never from a forwarded header:
 * X-Forwarded-For is whatever the client writes.
 */

/**
 * An IPv4 address as it is; an IPv6 address by its /64 prefix, because one
 * home or phone is usually handed a whole /64 and could otherwise use a new
 * address for every request.
 */
export function clientAddressKey(address: string | undefined): string {
  // A socket that is already gone has no address; such requests share one key.
  if (address === undefined) return 'unknown'
  const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mappedIpv4 !== null) return mappedIpv4[1]!
  return address.includes(':') ? ipv6Prefix64(address) : address
}

function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.split('%')[0]!.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  // "::" stands for as many zero groups as make eight.
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0')
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, 4)
  return `${groups.map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`
}
