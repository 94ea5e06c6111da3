/**
 * The frames a client sends, one codec each: its tag, its byte layout, its
 * size limit, and how it is written and read, side by side. The layouts
 * follow the tag: `[tag][field]…`, each field a varUint unless marked.
 */
import type { Decoder } from 'lib0/decoding'
import { readVarString, readVarUint8Array } from 'lib0/decoding'
import { writeVarString, writeVarUint, writeVarUint8Array } from 'lib0/encoding'
import { framesOf, readCount, readUint, type CodecTable } from './frameCodec.ts'
import { ClientTag, Limits, MAX_PING_BYTES } from './protocol.ts'

export type ClientFrame =
  | { tag: 'hello'; version: number; boardId: string; accessToken: Uint8Array; knownSeq: number }
  | { tag: 'pushUpdate'; ref: number; sealed: Uint8Array }
  | { tag: 'beginSnapshot'; ref: number; coversSeq: number; partCount: number; carriesChanges: boolean; keepSeqs: number[] }
  | { tag: 'snapshotPart'; ref: number; index: number; bytes: Uint8Array }
  | { tag: 'pushAwareness'; sealed: Uint8Array }
  | { tag: 'pushAwarenessTo'; peerId: number; sealed: Uint8Array }
  | { tag: 'ping'; pingId: number }

const clientCodecs: CodecTable<ClientFrame> = {
  // [tag][version][boardId: varString][accessToken: varUint8Array][knownSeq]
  hello: {
    tag: ClientTag.hello,
    maxBytes: Limits.maxHelloBytes,
    write(e, frame) {
      writeVarUint(e, frame.version)
      writeVarString(e, frame.boardId)
      writeVarUint8Array(e, frame.accessToken)
      writeVarUint(e, frame.knownSeq)
    },
    read: (d) => ({ version: readUint(d), boardId: readVarString(d), accessToken: readVarUint8Array(d), knownSeq: readUint(d) }),
  },

  // [tag][ref][sealed: varUint8Array]
  pushUpdate: {
    tag: ClientTag.pushUpdate,
    maxBytes: Limits.maxFrameBytes,
    write(e, frame) {
      writeVarUint(e, frame.ref)
      writeVarUint8Array(e, frame.sealed)
    },
    read: (d) => ({ ref: readUint(d), sealed: readVarUint8Array(d) }),
  },

  // [tag][ref][coversSeq][partCount][carriesChanges: 0|1][keepCount][keepSeq]…
  beginSnapshot: {
    tag: ClientTag.beginSnapshot,
    maxBytes: Limits.maxFrameBytes,
    write(e, frame) {
      writeVarUint(e, frame.ref)
      writeVarUint(e, frame.coversSeq)
      writeVarUint(e, frame.partCount)
      writeVarUint(e, frame.carriesChanges ? 1 : 0)
      writeVarUint(e, frame.keepSeqs.length)
      for (const seq of frame.keepSeqs) writeVarUint(e, seq)
    },
    read: (d) => ({
      ref: readUint(d),
      coversSeq: readUint(d),
      partCount: readUint(d),
      carriesChanges: readFlag(d),
      keepSeqs: Array.from({ length: readCount(d, Limits.maxFrameBytes, 'seqs') }, () => readUint(d)),
    }),
  },

  // [tag][ref][index][bytes: varUint8Array] — one part of the snapshot begun with the same ref
  snapshotPart: {
    tag: ClientTag.snapshotPart,
    maxBytes: Limits.maxFrameBytes,
    write(e, frame) {
      writeVarUint(e, frame.ref)
      writeVarUint(e, frame.index)
      writeVarUint8Array(e, frame.bytes)
    },
    read: (d) => ({ ref: readUint(d), index: readUint(d), bytes: readVarUint8Array(d) }),
  },

  // [tag][sealed: varUint8Array]
  pushAwareness: {
    tag: ClientTag.pushAwareness,
    maxBytes: Limits.maxFrameBytes,
    write: (e, frame) => writeVarUint8Array(e, frame.sealed),
    read: (d) => ({ sealed: readVarUint8Array(d) }),
  },

  // [tag][peerId][sealed: varUint8Array] — presence for one newcomer, not the whole board
  pushAwarenessTo: {
    tag: ClientTag.pushAwarenessTo,
    maxBytes: Limits.maxFrameBytes,
    write(e, frame) {
      writeVarUint(e, frame.peerId)
      writeVarUint8Array(e, frame.sealed)
    },
    read: (d) => ({ peerId: readUint(d), sealed: readVarUint8Array(d) }),
  },

  // [tag][pingId]
  ping: {
    tag: ClientTag.ping,
    maxBytes: MAX_PING_BYTES,
    write: (e, frame) => writeVarUint(e, frame.pingId),
    read: (d) => ({ pingId: readUint(d) }),
  },
}

function readFlag(d: Decoder): boolean {
  const flag = readUint(d)
  if (flag > 1) throw new Error(`flag ${flag} is neither 0 nor 1`)
  return flag === 1
}

const clientFrames = framesOf(clientCodecs)

/** Encodes a frame a client sends. */
export function encodeClientFrame(frame: ClientFrame): Uint8Array {
  return clientFrames.encode(frame)
}

/**
 * Decodes a frame a client sent; throws ProtocolError with the close code to
 * use. `maxBytes` lowers the limit for every tag (before the hello is
 * checked, nothing larger than a hello is read).
 */
export function decodeClientFrame(bytes: Uint8Array, maxBytes: number = Limits.maxFrameBytes): ClientFrame {
  return clientFrames.decode(bytes, maxBytes)
}
