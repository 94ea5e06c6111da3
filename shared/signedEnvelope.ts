/**
 * What a device seals when it sends a change or a snapshot: the Yjs bytes,
 * wrapped with who sent them and where they stand in that device's order,
 * signed. The server sees only the sealed bytes and cannot tell a signed
 * change from an unsigned one; a device that opens one knows which device
 * sent it and how far that device had written, and nobody with the link but
 * without the device's key can pass a change off as that device's.
 *
 * Entries from before signing (sealed as 'update' and 'snapshot') still open
 * and read as unsigned.
 */
import { createDecoder, readVarString, readVarUint, readVarUint8Array } from 'lib0/decoding'
import { createEncoder, toUint8Array, writeVarString, writeVarUint, writeVarUint8Array } from 'lib0/encoding'
import { FrameAuthError, openPayload } from './crypto.ts'
import { claimBytes, type Signer } from './signing.ts'

export type UpdateEnvelope = { deviceId: string; counter: number; signature: Uint8Array; update: Uint8Array }

/** deviceId → the highest counter of that device a copy of the board holds. */
export type Counters = Record<string, number>

export type SnapshotEnvelope = {
  deviceId: string
  /** The counters of each device the snapshot holds, as its poster knew them. */
  covers: Counters
  /** The log's seq the snapshot covers, so the server cannot pass it off as covering more or less. */
  coversSeq: number
  /** Server time it was taken. */
  at: number
  signature: Uint8Array
  state: Uint8Array
}

/** What the wrapping adds to an update, at most (device id, counter, signature, lengths). */
export const UPDATE_ENVELOPE_OVERHEAD = 256
const MAX_DEVICE_ID = 64
const MAX_SIGNATURE = 132
const MAX_COVERED_DEVICES = 256

function withBody(head: Uint8Array, body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(head.byteLength + body.byteLength)
  bytes.set(head)
  bytes.set(body, head.byteLength)
  return bytes
}

function orderedCounters(counters: Counters): string {
  return JSON.stringify(Object.entries(counters).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** What a change's signature covers: the board, the device, its counter, and the change itself. */
export function updateSignedBytes(boardId: string, deviceId: string, counter: number, update: Uint8Array): Uint8Array {
  return withBody(claimBytes(boardId, 'update', [deviceId, counter, update.byteLength]), update)
}

/** What a snapshot's signature covers: the board, its poster, what it covers (counters and seq), when, and the state itself. */
export function snapshotSignedBytes(boardId: string, envelope: Omit<SnapshotEnvelope, 'signature'>): Uint8Array {
  const { deviceId, covers, coversSeq, at, state } = envelope
  return withBody(claimBytes(boardId, 'snapshot', [deviceId, orderedCounters(covers), coversSeq, at, state.byteLength]), state)
}

export async function signUpdate(signer: Signer, boardId: string, counter: number, update: Uint8Array): Promise<Uint8Array> {
  const signature = await signer.sign(updateSignedBytes(boardId, signer.deviceId, counter, update))
  const encoder = createEncoder()
  writeVarString(encoder, signer.deviceId)
  writeVarUint(encoder, counter)
  writeVarUint8Array(encoder, signature)
  writeVarUint8Array(encoder, update)
  return toUint8Array(encoder)
}

export async function signSnapshot(
  signer: Signer,
  boardId: string,
  fields: { covers: Counters; coversSeq: number; at: number; state: Uint8Array },
): Promise<Uint8Array> {
  const signature = await signer.sign(snapshotSignedBytes(boardId, { deviceId: signer.deviceId, ...fields }))
  const encoder = createEncoder()
  writeVarString(encoder, signer.deviceId)
  writeVarString(encoder, JSON.stringify(fields.covers))
  writeVarUint(encoder, fields.coversSeq)
  writeVarString(encoder, String(fields.at))
  writeVarUint8Array(encoder, signature)
  writeVarUint8Array(encoder, fields.state)
  return toUint8Array(encoder)
}

/** An opened signed change, shape-checked (not its signature); null when it is not one. */
export function readUpdateEnvelope(bytes: Uint8Array): UpdateEnvelope | null {
  try {
    const decoder = createDecoder(bytes)
    const deviceId = readVarString(decoder)
    const counter = readVarUint(decoder)
    const signature = readVarUint8Array(decoder)
    const update = readVarUint8Array(decoder)
    if (deviceId === '' || deviceId.length > MAX_DEVICE_ID || !Number.isSafeInteger(counter) || signature.byteLength > MAX_SIGNATURE)
      return null
    return { deviceId, counter, signature, update }
  } catch {
    return null
  }
}

/** An opened signed snapshot, shape-checked (not its signature); null when it is not one. */
export function readSnapshotEnvelope(bytes: Uint8Array): SnapshotEnvelope | null {
  try {
    const decoder = createDecoder(bytes)
    const deviceId = readVarString(decoder)
    const covers = readCounters(JSON.parse(readVarString(decoder)))
    const coversSeq = readVarUint(decoder)
    const at = Number(readVarString(decoder))
    const signature = readVarUint8Array(decoder)
    const state = readVarUint8Array(decoder)
    if (deviceId === '' || deviceId.length > MAX_DEVICE_ID || covers === null || !Number.isFinite(at)) return null
    if (!Number.isSafeInteger(coversSeq) || signature.byteLength > MAX_SIGNATURE) return null
    return { deviceId, covers, coversSeq, at, signature, state }
  } catch {
    return null
  }
}

export function readCounters(value: unknown): Counters | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length > MAX_COVERED_DEVICES) return null
  const counters: Counters = {}
  for (const [deviceId, counter] of entries) {
    if (deviceId.length > MAX_DEVICE_ID || typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0) return null
    counters[deviceId] = counter
  }
  return counters
}

/** A change as opened: its Yjs bytes, and its envelope when it was signed (null: sent before signing, or by a client that does not sign). */
export type OpenedChange = { update: Uint8Array; signed: UpdateEnvelope | null }
export type OpenedSnapshot = { state: Uint8Array; signed: SnapshotEnvelope | null }

async function openEither(
  key: CryptoKey,
  boardId: string,
  kinds: ['signedUpdate', 'update'] | ['signedSnapshot', 'snapshot'],
  sealed: Uint8Array,
) {
  try {
    return { signed: true, bytes: await openPayload(key, boardId, kinds[0], sealed) }
  } catch (error) {
    if (!(error instanceof FrameAuthError)) throw error
  }
  return { signed: false, bytes: await openPayload(key, boardId, kinds[1], sealed) }
}

/** Opens a log entry, signed or from before signing. Throws FrameAuthError when it is neither (or a signed one is malformed). */
export async function openChange(key: CryptoKey, boardId: string, sealed: Uint8Array): Promise<OpenedChange> {
  const { signed, bytes } = await openEither(key, boardId, ['signedUpdate', 'update'], sealed)
  if (!signed) return { update: bytes, signed: null }
  const envelope = readUpdateEnvelope(bytes)
  if (envelope === null) throw new FrameAuthError()
  return { update: envelope.update, signed: envelope }
}

/** Opens a snapshot (or a version of the board's history), signed or from before signing. */
export async function openSnapshot(key: CryptoKey, boardId: string, sealed: Uint8Array): Promise<OpenedSnapshot> {
  const { signed, bytes } = await openEither(key, boardId, ['signedSnapshot', 'snapshot'], sealed)
  if (!signed) return { state: bytes, signed: null }
  const envelope = readSnapshotEnvelope(bytes)
  if (envelope === null) throw new FrameAuthError()
  return { state: envelope.state, signed: envelope }
}
