/**
 * The messages y-websocket's provider exchanges with a y-websocket server.
 * The transport plays that server's part toward the provider, so it reads
 * and writes these, and never lets them reach our own server unencrypted.
 *
 * Construction of a message (y-websocket):
 *   sync:      [messageSync: varUint][syncType: varUint][payload: varUint8Array]
 *   awareness: [messageAwareness: varUint][update: varUint8Array]
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import { messageAwareness, messageSync } from 'y-websocket'

export type ProviderMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'syncStep2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'other' }

const syncKinds = {
  [messageYjsSyncStep1]: 'syncStep1',
  [messageYjsSyncStep2]: 'syncStep2',
  [messageYjsUpdate]: 'update',
} as const

/** Reads what the provider sent; anything we do not relay (auth, queries) is 'other'. */
export function readProviderMessage(bytes: Uint8Array): ProviderMessage {
  const decoder = decoding.createDecoder(bytes)
  const type = decoding.readVarUint(decoder)
  if (type === messageAwareness) return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) }
  if (type !== messageSync) return { kind: 'other' }
  const syncType = decoding.readVarUint(decoder) as keyof typeof syncKinds
  const payload = decoding.readVarUint8Array(decoder)
  const kind = syncKinds[syncType]
  if (kind === undefined) return { kind: 'other' }
  return kind === 'syncStep1' ? { kind, stateVector: payload } : { kind, update: payload }
}

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  return message(messageSync, (e) => {
    encoding.writeVarUint(e, syncType)
    encoding.writeVarUint8Array(e, payload)
  })
}

export const syncStep1Message = (stateVector: Uint8Array) => syncMessage(messageYjsSyncStep1, stateVector)
export const syncStep2Message = (update: Uint8Array) => syncMessage(messageYjsSyncStep2, update)
export const updateMessage = (update: Uint8Array) => syncMessage(messageYjsUpdate, update)

export function awarenessMessage(update: Uint8Array): Uint8Array {
  return message(messageAwareness, (e) => encoding.writeVarUint8Array(e, update))
}

/**
 * An awareness update that names no clients: the provider applies it as a
 * no-op, but counts it as "heard from the server", so a quiet board is not
 * mistaken for a dead connection.
 */
export const keepAliveMessage = () => awarenessMessage(new Uint8Array([0]))
