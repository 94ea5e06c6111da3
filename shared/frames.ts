/**
 * Encoding and decoding of every frame in `protocol.ts`. Each frame is one
 * binary WebSocket message that starts with its tag as a varUint; numbers
 * are lib0 varUints, times are float64 milliseconds since the epoch, and
 * byte strings are varUint-length-prefixed.
 *
 * Decoders are looked up by tag. An unknown tag, a short or overlong frame,
 * or trailing bytes is a ProtocolError: the frame is never half-applied.
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import {
  ClientTag,
  CloseCode,
  Limits,
  MAX_PING_BYTES,
  MAX_SERVER_FRAME_BYTES,
  MAX_SMALL_SERVER_FRAME_BYTES,
  ProtocolError,
  RejectReason,
  ServerTag,
} from './protocol.ts'

/**
 * A varUint as a JavaScript number. lib0 checks the 2^53 bound only between
 * bytes, so a longer number could decode rounded (to a value the encoder
 * would never write): refused here, as a malformed frame.
 */
function readUint(d: decoding.Decoder): number {
  const value = decoding.readVarUint(d)
  if (!Number.isSafeInteger(value)) throw new RangeError('a number past 2^53')
  return value
}

export type ClientFrame =
  | { tag: 'hello'; version: number; boardId: string; accessToken: Uint8Array; knownSeq: number }
  | { tag: 'pushUpdate'; ref: number; sealed: Uint8Array }
  | { tag: 'beginSnapshot'; ref: number; coversSeq: number; partCount: number; carriesChanges: boolean; keepSeqs: number[] }
  | { tag: 'snapshotPart'; ref: number; index: number; bytes: Uint8Array }
  | { tag: 'pushAwareness'; sealed: Uint8Array }
  | { tag: 'pushAwarenessTo'; peerId: number; sealed: Uint8Array }
  | { tag: 'ping'; pingId: number }

export type ServerFrame =
  | { tag: 'welcome'; version: number; serverTime: number; peerId: number; replayFrom: number }
  | { tag: 'entry'; seq: number; sealed: Uint8Array }
  | { tag: 'entries'; entries: { seq: number; sealed: Uint8Array }[] }
  | { tag: 'snapshotPart'; seq: number; coversSeq: number; index: number; partCount: number; bytes: Uint8Array }
  | { tag: 'snapshotStored'; seq: number; coversSeq: number }
  | { tag: 'replayDone'; headSeq: number }
  | { tag: 'ack'; ref: number; seq: number }
  | { tag: 'reject'; ref: number; reason: RejectReason }
  | { tag: 'awareness'; peerId: number; sealed: Uint8Array }
  | { tag: 'peerLeft'; peerId: number }
  | { tag: 'pong'; pingId: number; serverTime: number }

function frame(tag: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, tag)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** Encodes a frame a client sends. */
export function encodeClientFrame(value: ClientFrame): Uint8Array {
  switch (value.tag) {
    // hello: [0][version][boardId: varString][accessToken: varUint8Array][knownSeq]
    case 'hello':
      return frame(ClientTag.hello, (e) => {
        encoding.writeVarUint(e, value.version)
        encoding.writeVarString(e, value.boardId)
        encoding.writeVarUint8Array(e, value.accessToken)
        encoding.writeVarUint(e, value.knownSeq)
      })
    // pushUpdate: [1][ref][sealed]
    case 'pushUpdate':
      return frame(ClientTag.pushUpdate, (e) => {
        encoding.writeVarUint(e, value.ref)
        encoding.writeVarUint8Array(e, value.sealed)
      })
    // beginSnapshot: [2][ref][coversSeq][partCount][carriesChanges: 0|1][keepCount][keepSeq]…
    case 'beginSnapshot':
      return frame(ClientTag.beginSnapshot, (e) => {
        encoding.writeVarUint(e, value.ref)
        encoding.writeVarUint(e, value.coversSeq)
        encoding.writeVarUint(e, value.partCount)
        encoding.writeVarUint(e, value.carriesChanges ? 1 : 0)
        encoding.writeVarUint(e, value.keepSeqs.length)
        for (const seq of value.keepSeqs) encoding.writeVarUint(e, seq)
      })
    // snapshotPart: [5][ref][index][bytes]
    case 'snapshotPart':
      return frame(ClientTag.snapshotPart, (e) => {
        encoding.writeVarUint(e, value.ref)
        encoding.writeVarUint(e, value.index)
        encoding.writeVarUint8Array(e, value.bytes)
      })
    // pushAwareness: [3][sealed]
    case 'pushAwareness':
      return frame(ClientTag.pushAwareness, (e) => encoding.writeVarUint8Array(e, value.sealed))
    // pushAwarenessTo: [6][peerId][sealed] — presence for one newcomer, not the whole board
    case 'pushAwarenessTo':
      return frame(ClientTag.pushAwarenessTo, (e) => {
        encoding.writeVarUint(e, value.peerId)
        encoding.writeVarUint8Array(e, value.sealed)
      })
    // ping: [4][pingId]
    case 'ping':
      return frame(ClientTag.ping, (e) => encoding.writeVarUint(e, value.pingId))
  }
}

/** Encodes a frame the server sends. */
export function encodeServerFrame(value: ServerFrame): Uint8Array {
  switch (value.tag) {
    // welcome: [16][version][serverTime: float64][peerId][replayFrom]
    case 'welcome':
      return frame(ServerTag.welcome, (e) => {
        encoding.writeVarUint(e, value.version)
        encoding.writeFloat64(e, value.serverTime)
        encoding.writeVarUint(e, value.peerId)
        encoding.writeVarUint(e, value.replayFrom)
      })
    // entry: [17][seq][sealed]
    case 'entry':
      return frame(ServerTag.entry, (e) => {
        encoding.writeVarUint(e, value.seq)
        encoding.writeVarUint8Array(e, value.sealed)
      })
    // entries: [26][count][seq][sealed]… — a replay's updates, many to a frame
    case 'entries':
      return frame(ServerTag.entries, (e) => {
        encoding.writeVarUint(e, value.entries.length)
        for (const { seq, sealed } of value.entries) {
          encoding.writeVarUint(e, seq)
          encoding.writeVarUint8Array(e, sealed)
        }
      })
    // snapshotPart: [24][seq][coversSeq][index][partCount][bytes]
    case 'snapshotPart':
      return frame(ServerTag.snapshotPart, (e) => {
        encoding.writeVarUint(e, value.seq)
        encoding.writeVarUint(e, value.coversSeq)
        encoding.writeVarUint(e, value.index)
        encoding.writeVarUint(e, value.partCount)
        encoding.writeVarUint8Array(e, value.bytes)
      })
    // snapshotStored: [25][seq][coversSeq]
    case 'snapshotStored':
      return frame(ServerTag.snapshotStored, (e) => {
        encoding.writeVarUint(e, value.seq)
        encoding.writeVarUint(e, value.coversSeq)
      })
    // replayDone: [18][headSeq]
    case 'replayDone':
      return frame(ServerTag.replayDone, (e) => encoding.writeVarUint(e, value.headSeq))
    // ack: [19][ref][seq]
    case 'ack':
      return frame(ServerTag.ack, (e) => {
        encoding.writeVarUint(e, value.ref)
        encoding.writeVarUint(e, value.seq)
      })
    // reject: [20][ref][reason]
    case 'reject':
      return frame(ServerTag.reject, (e) => {
        encoding.writeVarUint(e, value.ref)
        encoding.writeVarUint(e, value.reason)
      })
    // awareness: [21][peerId][sealed]
    case 'awareness':
      return frame(ServerTag.awareness, (e) => {
        encoding.writeVarUint(e, value.peerId)
        encoding.writeVarUint8Array(e, value.sealed)
      })
    // peerLeft: [22][peerId]
    case 'peerLeft':
      return frame(ServerTag.peerLeft, (e) => encoding.writeVarUint(e, value.peerId))
    // pong: [23][pingId][serverTime: float64]
    case 'pong':
      return frame(ServerTag.pong, (e) => {
        encoding.writeVarUint(e, value.pingId)
        encoding.writeFloat64(e, value.serverTime)
      })
  }
}

type Reader<T> = { maxBytes: number; read: (d: decoding.Decoder) => T }

/** The keep list can never be longer than a frame could carry; this bounds the allocation before reading it. */
function readSeqList(d: decoding.Decoder): number[] {
  const count = readUint(d)
  if (count > Limits.maxFrameBytes) throw new Error(`a list of ${count} seqs`)
  const seqs: number[] = []
  for (let i = 0; i < count; i++) seqs.push(readUint(d))
  return seqs
}

function readFlag(d: decoding.Decoder): boolean {
  const flag = readUint(d)
  if (flag > 1) throw new Error(`flag ${flag} is neither 0 nor 1`)
  return flag === 1
}

const clientReaders: Record<number, Reader<ClientFrame>> = {
  [ClientTag.hello]: {
    maxBytes: Limits.maxHelloBytes,
    read: (d) => ({
      tag: 'hello',
      version: readUint(d),
      boardId: decoding.readVarString(d),
      accessToken: decoding.readVarUint8Array(d),
      knownSeq: readUint(d),
    }),
  },
  [ClientTag.pushUpdate]: {
    maxBytes: Limits.maxFrameBytes,
    read: (d) => ({ tag: 'pushUpdate', ref: readUint(d), sealed: decoding.readVarUint8Array(d) }),
  },
  [ClientTag.beginSnapshot]: {
    maxBytes: Limits.maxFrameBytes,
    read: (d) => ({
      tag: 'beginSnapshot',
      ref: readUint(d),
      coversSeq: readUint(d),
      partCount: readUint(d),
      carriesChanges: readFlag(d),
      keepSeqs: readSeqList(d),
    }),
  },
  [ClientTag.snapshotPart]: {
    maxBytes: Limits.maxFrameBytes,
    read: (d) => ({
      tag: 'snapshotPart',
      ref: readUint(d),
      index: readUint(d),
      bytes: decoding.readVarUint8Array(d),
    }),
  },
  [ClientTag.pushAwareness]: {
    maxBytes: Limits.maxFrameBytes,
    read: (d) => ({ tag: 'pushAwareness', sealed: decoding.readVarUint8Array(d) }),
  },
  [ClientTag.pushAwarenessTo]: {
    maxBytes: Limits.maxFrameBytes,
    read: (d) => ({ tag: 'pushAwarenessTo', peerId: readUint(d), sealed: decoding.readVarUint8Array(d) }),
  },
  [ClientTag.ping]: {
    maxBytes: MAX_PING_BYTES,
    read: (d) => ({ tag: 'ping', pingId: readUint(d) }),
  },
}

const rejectReasons = new Set<number>(Object.values(RejectReason))
const small = MAX_SMALL_SERVER_FRAME_BYTES

const serverReaders: Record<number, Reader<ServerFrame>> = {
  [ServerTag.welcome]: {
    maxBytes: small,
    read: (d) => ({
      tag: 'welcome',
      version: readUint(d),
      serverTime: decoding.readFloat64(d),
      peerId: readUint(d),
      replayFrom: readUint(d),
    }),
  },
  [ServerTag.entry]: {
    maxBytes: MAX_SERVER_FRAME_BYTES,
    read: (d) => ({ tag: 'entry', seq: readUint(d), sealed: decoding.readVarUint8Array(d) }),
  },
  [ServerTag.entries]: {
    maxBytes: MAX_SERVER_FRAME_BYTES,
    read: (d) => {
      const count = readUint(d)
      if (count > Limits.maxFrameBytes) throw new Error(`a batch of ${count} entries`)
      const entries: { seq: number; sealed: Uint8Array }[] = []
      for (let i = 0; i < count; i++) entries.push({ seq: readUint(d), sealed: decoding.readVarUint8Array(d) })
      return { tag: 'entries', entries }
    },
  },
  [ServerTag.snapshotPart]: {
    maxBytes: MAX_SERVER_FRAME_BYTES,
    read: (d) => ({
      tag: 'snapshotPart',
      seq: readUint(d),
      coversSeq: readUint(d),
      index: readUint(d),
      partCount: readUint(d),
      bytes: decoding.readVarUint8Array(d),
    }),
  },
  [ServerTag.snapshotStored]: {
    maxBytes: small,
    read: (d) => ({ tag: 'snapshotStored', seq: readUint(d), coversSeq: readUint(d) }),
  },
  [ServerTag.replayDone]: {
    maxBytes: small,
    read: (d) => ({ tag: 'replayDone', headSeq: readUint(d) }),
  },
  [ServerTag.ack]: {
    maxBytes: small,
    read: (d) => ({ tag: 'ack', ref: readUint(d), seq: readUint(d) }),
  },
  [ServerTag.reject]: {
    maxBytes: small,
    read: (d) => {
      const ref = readUint(d)
      const reason = readUint(d)
      if (!rejectReasons.has(reason)) throw new Error(`unknown reject reason ${reason}`)
      return { tag: 'reject', ref, reason: reason as RejectReason }
    },
  },
  [ServerTag.awareness]: {
    maxBytes: MAX_SERVER_FRAME_BYTES,
    read: (d) => ({ tag: 'awareness', peerId: readUint(d), sealed: decoding.readVarUint8Array(d) }),
  },
  [ServerTag.peerLeft]: {
    maxBytes: small,
    read: (d) => ({ tag: 'peerLeft', peerId: readUint(d) }),
  },
  [ServerTag.pong]: {
    maxBytes: small,
    read: (d) => ({ tag: 'pong', pingId: readUint(d), serverTime: decoding.readFloat64(d) }),
  },
}

function decodeWith<T>(readers: Record<number, Reader<T>>, bytes: Uint8Array, maxBytes: number): T {
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
  const reader = readers[tag]
  if (reader === undefined) throw new ProtocolError(CloseCode.protocolError, `unknown frame tag ${tag}`)
  if (bytes.length > reader.maxBytes) {
    throw new ProtocolError(CloseCode.frameTooLarge, `frame of ${bytes.length} bytes exceeds ${reader.maxBytes}`)
  }
  let value: T
  try {
    value = reader.read(decoder)
  } catch (error) {
    throw new ProtocolError(CloseCode.protocolError, `malformed frame (tag ${tag}): ${(error as Error).message}`)
  }
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError(CloseCode.protocolError, `trailing bytes after frame (tag ${tag})`)
  }
  return value
}

/**
 * Decodes a frame a client sent; throws ProtocolError with the close code to
 * use. `maxBytes` lowers the limit for every tag (before the hello is
 * checked, nothing larger than a hello is read).
 */
export function decodeClientFrame(bytes: Uint8Array, maxBytes: number = Limits.maxFrameBytes): ClientFrame {
  return decodeWith(clientReaders, bytes, maxBytes)
}

/** Decodes a frame the server sent; throws ProtocolError when it is not one. */
export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  return decodeWith(serverReaders, bytes, MAX_SERVER_FRAME_BYTES)
}
