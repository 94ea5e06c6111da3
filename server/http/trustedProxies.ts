/**
 * The reverse proxies whose word the server takes for who a client is
 * (TRUST_PROXY). Behind a proxy every visitor's connection comes from the
 * proxy, so a per-address limit would count the whole site as one client.
 * The proxy names the visitor in X-Forwarded-For, but anyone can write that
 * header, so it is believed only on a connection from one of these.
 */
import net from 'node:net'

/** One entry of TRUST_PROXY: an address, or a CIDR range of them. */
export type AddressRange = { network: string; prefix: number; family: 'ipv4' | 'ipv6' }

/**
 * Reads one entry ("127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8"); null for
 * anything else. A /0 is refused: it trusts every address, so every client
 * could name its own.
 */
export function parseAddressRange(entry: string): AddressRange | null {
  const match = /^([0-9A-Fa-f:.]+)(?:\/(\d{1,3}))?$/.exec(entry)
  if (match === null) return null
  const [, network = '', prefixText] = match
  const version = net.isIP(network)
  if (version === 0) return null
  const bits = version === 4 ? 32 : 128
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (prefix < 1 || prefix > bits) return null
  return { network, prefix, family: version === 4 ? 'ipv4' : 'ipv6' }
}

export class TrustedProxies {
  readonly #ranges = new net.BlockList()

  /** Entries as TRUST_PROXY lists them; config.ts has already refused a malformed one. */
  constructor(entries: readonly string[] = []) {
    for (const entry of entries) {
      const range = parseAddressRange(entry)
      if (range === null) throw new Error(`${JSON.stringify(entry)} is not an IP address or CIDR range`)
      this.#ranges.addSubnet(range.network, range.prefix, range.family)
    }
  }

  /** Whether this address (an IPv4 address, or an IPv6 one without a zone) is a trusted proxy's. */
  includes(address: string): boolean {
    const version = net.isIP(address)
    return version !== 0 && this.#ranges.check(address, version === 4 ? 'ipv4' : 'ipv6')
  }
}
