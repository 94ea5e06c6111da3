/**
 * Checking an access token against the stored hash, for the socket hello and
 * for board deletion. The server never stores the token, only its SHA-256.
 */
import { timingSafeEqual } from 'node:crypto'
import { hashAccessToken } from '../../shared/crypto.ts'

export async function accessTokenMatches(accessToken: Uint8Array, storedHash: string): Promise<boolean> {
  const presented = Buffer.from(await hashAccessToken(accessToken))
  const stored = Buffer.from(storedHash)
  // Constant time, so response timing reveals nothing about how much of the hash matched.
  return presented.length === stored.length && timingSafeEqual(presented, stored)
}
