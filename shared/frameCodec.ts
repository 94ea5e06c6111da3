/**
 * How a table of frame codecs becomes an encoder and a decoder. Each frame
 * is one binary WebSocket message that starts with its tag as a varUint;
 * numbers are lib0 varUints, times are float64 milliseconds since the epoch,
 * and byte strings are varUint-length-prefixed.
 *
 * Decoders are looked up by tag. An unknown tag, a short or overlong frame,
 * or trailing bytes is a ProtocolError: the frame is never half-applied.
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { CloseCode, ProtocolError } from './protocol.ts'

/**
 * One kind of frame: its tag on the wire, the largest it may be, and how its
 * fields after the tag are written and read back. The byte layout is
 * written above each codec, beside the code that encodes it.
 */
export type Codec<F extends { tag: string }> = {
  tag: number
  maxBytes: number
  write(encoder: encoding.Encoder, frame: F): void
  read(decoder: decoding.Decoder): Omit<F, 'tag'>
}

/** A codec for every kind of frame one side sends, by the frame's name. */
export type CodecTable<F extends { tag: string }> = { [T in F['tag']]: Codec<Extract<F, { tag: T }>> }

/** A table's encoder and decoder: the tag written first, then the fields; a decoder looked up by the tag read. */
export function framesOf<F extends { tag: string }>(table: CodecTable<F>) {
  const byTag = new Map<number, { name: F['tag']; codec: Codec<F> }>()
  for (const name of Object.keys(table) as F['tag'][]) {
    const codec = table[name] as unknown as Codec<F>
    if (byTag.has(codec.tag)) throw new Error(`two frames share tag ${codec.tag}`)
    byTag.set(codec.tag, { name, codec })
  }
  return {
    encode(frame: F): Uint8Array {
      const codec = table[frame.tag as F['tag']] as unknown as Codec<F>
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, codec.tag)
      codec.write(encoder, frame)
      return encoding.toUint8Array(encoder)
    },
    decode(bytes: Uint8Array, maxBytes: number): F {
      if (bytes.length === 0) throw new ProtocolError(CloseCode.protocolError, 'empty frame')
      if (bytes.length > maxBytes) {
        throw new ProtocolError(CloseCode.frameTooLarge, `frame of ${bytes.length} bytes exceeds ${maxBytes}`)
      }
      const decoder = decoding.createDecoder(bytes)
      let tag: number
      try {
        tag = readUint(decoder)
      } catch {
        throw new ProtocolError(CloseCode.protocolError, 'unreadable frame tag')
      }
      const entry = byTag.get(tag)
      if (entry === undefined) throw new ProtocolError(CloseCode.protocolError, `unknown frame tag ${tag}`)
      if (bytes.length > entry.codec.maxBytes) {
        throw new ProtocolError(CloseCode.frameTooLarge, `frame of ${bytes.length} bytes exceeds ${entry.codec.maxBytes}`)
      }
      let fields: Omit<F, 'tag'>
      try {
        fields = entry.codec.read(decoder)
      } catch (error) {
        throw new ProtocolError(CloseCode.protocolError, `malformed frame (tag ${tag}): ${(error as Error).message}`)
      }
      if (decoding.hasContent(decoder)) {
        throw new ProtocolError(CloseCode.protocolError, `trailing bytes after frame (tag ${tag})`)
      }
      return { tag: entry.name, ...fields } as F
    },
  }
}

/**
 * A varUint as a JavaScript number. lib0 checks the 2^53 bound only between
 * bytes, so a longer number could decode rounded (to a value the encoder
 * would never write): refused here, as a malformed frame.
 */
export function readUint(d: decoding.Decoder): number {
  const value = decoding.readVarUint(d)
  if (!Number.isSafeInteger(value)) throw new RangeError('a number past 2^53')
  return value
}

/**
 * A list's length, read before the list: no list can hold more items than a
 * frame has bytes, which bounds the allocation before reading it.
 */
export function readCount(d: decoding.Decoder, maxCount: number, what: string): number {
  const count = readUint(d)
  if (count > maxCount) throw new Error(`a list of ${count} ${what}`)
  return count
}
