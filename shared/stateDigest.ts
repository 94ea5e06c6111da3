/**
 * A short digest of everything a copy of the board holds: its state vector
 * and its deletions, in a canonical order, hashed. Two devices with the
 * same digest hold the same board; the digest says nothing of its words.
 */
import * as Y from 'yjs'
import { toBase64Url } from './crypto.ts'

/** The state vector and delete set of `doc`, ordered the same on every device. */
export function canonicalState(doc: Y.Doc): string {
  const { sv, ds } = Y.snapshot(doc)
  const clocks = [...sv].sort(([a], [b]) => a - b)
  const deletions = [...ds.clients]
    .sort(([a], [b]) => a - b)
    .map(([client, items]) => [client, items.map((item) => [item.clock, item.len])])
  return JSON.stringify([clocks, deletions])
}

export async function stateDigest(doc: Y.Doc): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalState(doc)))
  return toBase64Url(new Uint8Array(digest).subarray(0, 16))
}
