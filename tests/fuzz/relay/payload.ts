/**
 * Sealed payloads a fuzzed client sends. The relay never opens them, so
 * they need not be ciphertext; each starts with a header saying which board
 * its sender meant it for and a number no other payload of the run has, so
 * whoever receives it can tell where it came from. The body after the
 * header is garbage: bytes that are no valid AES-GCM for any board.
 *
 *   [0xC6][board: 0–3, 255 before any hello][id: uint32 BE][kind][part index][body…]
 */
export const NO_BOARD = 255
const MAGIC = 0xc6
const HEADER_BYTES = 8

export type PayloadKind = 'update' | 'snapshotPart' | 'awareness'
const KINDS: PayloadKind[] = ['update', 'snapshotPart', 'awareness']

export type PayloadHeader = { board: number; id: number; kind: PayloadKind; part: number }

export function payload(header: PayloadHeader, body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + body.length)
  const view = new DataView(bytes.buffer)
  bytes[0] = MAGIC
  bytes[1] = header.board
  view.setUint32(2, header.id)
  bytes[6] = KINDS.indexOf(header.kind)
  bytes[7] = header.part
  bytes.set(body, HEADER_BYTES)
  return bytes
}

/** The header, or null when the bytes are no payload of this run. */
export function readPayloadHeader(bytes: Uint8Array): PayloadHeader | null {
  if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC || bytes[6]! >= KINDS.length) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { board: bytes[1]!, id: view.getUint32(2), kind: KINDS[bytes[6]!]!, part: bytes[7]! }
}
