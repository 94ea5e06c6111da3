/**
 * What this device keeps about a board, sealed under the device key: a
 * value as JSON, bound to a context naming what it is and whose, so a
 * record copied under another board's id does not open. Someone reading
 * the browser's storage sees ids, never names, links or labels.
 */
import { openBytes, sealBytes } from '../../shared/crypto.ts'
import { theDeviceKey } from './deviceKey.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export async function sealJson(context: string, value: unknown): Promise<Uint8Array> {
  return sealBytes(await theDeviceKey(), encoder.encode(context), encoder.encode(JSON.stringify(value)))
}

/** The value sealed for `context`; throws when this device cannot open it (its key was cleared, or it was sealed for another context). */
export async function openJson(context: string, sealed: Uint8Array): Promise<unknown> {
  return JSON.parse(decoder.decode(await openBytes(await theDeviceKey(), encoder.encode(context), sealed)))
}
