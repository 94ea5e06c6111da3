/**
 * Everything a fuzzed run's clients sent that the log might store: each
 * pushed update and each snapshot upload, by the unique id in its payload
 * header, with the board its sender meant it for. The checks look up what
 * the relay stored, acked or delivered here.
 */
import { isDeepStrictEqual } from 'node:util'

export type SentUpdate = { kind: 'update'; board: number; sealed: Uint8Array }
export type SentSnapshot = {
  kind: 'snapshot'
  board: number
  coversSeq: number
  keepSeqs: number[]
  carriesChanges: boolean
  /** The parts its beginSnapshot announced, as sent (a faulty upload may send others). */
  parts: Uint8Array[]
}
export type SentAwareness = { kind: 'awareness'; board: number; sealed: Uint8Array }
export type Sent = SentUpdate | SentSnapshot | SentAwareness

export class Ledger {
  readonly #sent = new Map<number, Sent>()
  #lastId = 0

  nextId(): number {
    return ++this.#lastId
  }

  record(id: number, sent: Sent): void {
    this.#sent.set(id, sent)
  }

  get(id: number): Sent | undefined {
    return this.#sent.get(id)
  }

  /** The snapshot upload whose parts joined are exactly `bytes`, found by the id in its first part. */
  snapshotWithBytes(id: number, bytes: Uint8Array): SentSnapshot | null {
    const sent = this.#sent.get(id)
    if (sent?.kind !== 'snapshot') return null
    return isDeepStrictEqual(new Uint8Array(bytes), joined(sent.parts)) ? sent : null
  }
}

export function joined(parts: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    all.set(part, offset)
    offset += part.length
  }
  return all
}
