import { randomBytes, toBase64Url } from '../../shared/crypto.ts'

/** A random id for a person or card: 96 bits, so ids made offline on two devices never collide. */
export function newId(): string {
  return toBase64Url(randomBytes(12))
}
