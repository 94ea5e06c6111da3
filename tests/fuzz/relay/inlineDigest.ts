/**
 * WebCrypto's digest runs on libuv's thread pool, so when a hello's token
 * hash is ready, counted in event-loop turns, varies from run to run — and
 * with it which commits that socket's replay sees. While a fuzzed relay
 * runs, SHA-256 is computed in place by node:crypto (the same bytes) and
 * resolved as a microtask, so a seed replays the same interleaving.
 */
import { createHash } from 'node:crypto'

type Digest = SubtleCrypto['digest']

export function digestInline(): { restore(): void } {
  const subtle = globalThis.crypto.subtle
  const original: Digest = subtle.digest.bind(subtle)
  const inline: Digest = async (algorithm, data) => {
    if (algorithm !== 'SHA-256' || !ArrayBuffer.isView(data)) return original(algorithm, data)
    const digest = createHash('sha256')
      .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      .digest()
    return new Uint8Array(digest).buffer
  }
  Object.defineProperty(subtle, 'digest', { value: inline, configurable: true, writable: true })
  // Deleting the own property uncovers SubtleCrypto's method again.
  return { restore: () => void delete (subtle as Partial<Pick<SubtleCrypto, 'digest'>>).digest }
}
