/**
 * The code two people compare to know their devices hold the same keys
 * (like Signal's safety numbers): derived from the board id and every
 * device's key as this device believes it, sorted, so both screens show the
 * same code exactly when both see the same devices with the same keys, and
 * the code changes only when a key (or a device) does.
 */
import { toBase64Url } from '../../shared/crypto.ts'
import type { SigningAlg } from '../../shared/signing.ts'

export type CoveredKey = { deviceId: string; personId: string; alg: SigningAlg; publicKey: Uint8Array }

/** Five groups of five digits: about 83 bits, read aloud in under half a minute. */
const GROUPS = 5
const GROUP_BYTES = 5
const GROUP_SIZE = 100_000

/** The code for these keys on this board, as groups of digits. Order of `keys` does not matter. */
export async function ourCode(boardId: string, keys: readonly CoveredKey[]): Promise<string[]> {
  const entries = keys.map((key) => JSON.stringify([key.personId, key.deviceId, key.alg, toBase64Url(key.publicKey)])).sort()
  const input = new TextEncoder().encode(JSON.stringify(['common-ground/our-code/v1', boardId, ...entries]))
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-512', input))
  const groups: string[] = []
  for (let group = 0; group < GROUPS; group++) {
    let value = 0
    // 40 bits per group, reduced to five digits (the bias of 2^40 mod 10^5 is negligible).
    for (const byte of digest.subarray(group * GROUP_BYTES, (group + 1) * GROUP_BYTES)) value = value * 256 + byte
    groups.push(String(value % GROUP_SIZE).padStart(5, '0'))
  }
  return groups
}
