/**
 * An awareness update read entry by entry, so presence can be sorted by
 * whose it is: this device forwards only its own state (y-websocket's
 * provider re-sends everyone's it applies), and a peer is believed only
 * about itself.
 *
 * Construction of an awareness update (y-protocols/awareness):
 *   [count: varUint]([clientID: varUint][clock: varUint][state: varString (JSON, "null" when gone)])*
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** One client's state in an update; the state is left as the JSON text it came as (y-protocols parses it when applying). */
export type PresenceEntry = { clientId: number; clock: number; stateJson: string }

/** The entries of an update; null when it is not one (cut short, or bytes after its last entry). */
export function readPresenceEntries(update: Uint8Array): PresenceEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    const entries: PresenceEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      entries.push({ clientId, clock, stateJson: decoding.readVarString(decoder) })
    }
    return decoding.hasContent(decoder) ? null : entries
  } catch {
    return null
  }
}

export function encodePresenceEntries(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const { clientId, clock, stateJson } of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, stateJson)
  }
  return encoding.toUint8Array(encoder)
}

/** A state that says the client is gone, as y-protocols writes it. */
export const isGoodbye = (entry: PresenceEntry) => entry.stateJson === 'null'

/**
 * The goodbye that follows `entry`: no state, one clock later. The others
 * apply it whatever state of this clock or the one before they hold.
 */
export function goodbyeAfter(entry: PresenceEntry): Uint8Array {
  return encodePresenceEntries([{ clientId: entry.clientId, clock: entry.clock + 1, stateJson: 'null' }])
}
