/**
 * Names a Yjs update by the id of its first struct, without decoding it: a
 * writer's updates each start at a new clock of its own client id, and a
 * server that re-encodes an update before broadcasting keeps that id.
 *
 * Update v1 layout (yjs encoding.js, writeClientsStructs):
 *   [clients : varUint][structs : varUint][client : varUint][first clock : varUint]…
 */
import * as decoding from 'lib0/decoding'

/** `client:clock` of the first struct; undefined for an update with no structs (deletions only). */
export function firstStructKey(update: Uint8Array): string | undefined {
  const decoder = decoding.createDecoder(update)
  if (decoding.readVarUint(decoder) === 0) return undefined
  decoding.readVarUint(decoder)
  const client = decoding.readVarUint(decoder)
  const clock = decoding.readVarUint(decoder)
  return `${client}:${clock}`
}
