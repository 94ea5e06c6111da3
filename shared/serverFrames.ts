/**
 * The frames the server sends, one codec each: its tag, its byte layout,
 * its size limit, and how it is written and read, side by side. The layouts
 * follow the tag: `[tag][field]…`, each field a varUint unless marked.
 */
import type { Decoder } from 'lib0/decoding'
import { readFloat64, readVarUint8Array } from 'lib0/decoding'
import { writeFloat64, writeVarUint, writeVarUint8Array } from 'lib0/encoding'
import { framesOf, readCount, readUint, type CodecTable } from './frameCodec.ts'
import { Limits, MAX_SERVER_FRAME_BYTES, MAX_SMALL_SERVER_FRAME_BYTES, RejectReason, ServerTag } from './protocol.ts'

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
  | { tag: 'clock'; serverTime: number }
  | { tag: 'retired'; reason: 'deleted' | 'moved'; note: Uint8Array | null }

const small = MAX_SMALL_SERVER_FRAME_BYTES
/** The retirement frame's reason byte. */
const RETIRED_AS = ['deleted', 'moved'] as const
const rejectReasons = new Set<number>(Object.values(RejectReason))

const serverCodecs: CodecTable<ServerFrame> = {
  // [tag][version][serverTime: float64][peerId][replayFrom]
  welcome: {
    tag: ServerTag.welcome,
    maxBytes: small,
    write(e, frame) {
      writeVarUint(e, frame.version)
      writeFloat64(e, frame.serverTime)
      writeVarUint(e, frame.peerId)
      writeVarUint(e, frame.replayFrom)
    },
    read: (d) => ({ version: readUint(d), serverTime: readFloat64(d), peerId: readUint(d), replayFrom: readUint(d) }),
  },

  // [tag][seq][sealed: varUint8Array]
  entry: {
    tag: ServerTag.entry,
    maxBytes: MAX_SERVER_FRAME_BYTES,
    write(e, frame) {
      writeVarUint(e, frame.seq)
      writeVarUint8Array(e, frame.sealed)
    },
    read: (d) => ({ seq: readUint(d), sealed: readVarUint8Array(d) }),
  },

  // [tag][count][seq][sealed: varUint8Array]… — a replay's updates, many to a frame
  entries: {
    tag: ServerTag.entries,
    maxBytes: MAX_SERVER_FRAME_BYTES,
    write(e, frame) {
      writeVarUint(e, frame.entries.length)
      for (const { seq, sealed } of frame.entries) {
        writeVarUint(e, seq)
        writeVarUint8Array(e, sealed)
      }
    },
    read: (d) => ({
      entries: Array.from({ length: readCount(d, Limits.maxFrameBytes, 'entries') }, () => ({
        seq: readUint(d),
        sealed: readVarUint8Array(d),
      })),
    }),
  },

  // [tag][seq][coversSeq][index][partCount][bytes: varUint8Array]
  snapshotPart: {
    tag: ServerTag.snapshotPart,
    maxBytes: MAX_SERVER_FRAME_BYTES,
    write(e, frame) {
      writeVarUint(e, frame.seq)
      writeVarUint(e, frame.coversSeq)
      writeVarUint(e, frame.index)
      writeVarUint(e, frame.partCount)
      writeVarUint8Array(e, frame.bytes)
    },
    read: (d) => ({ seq: readUint(d), coversSeq: readUint(d), index: readUint(d), partCount: readUint(d), bytes: readVarUint8Array(d) }),
  },

  // [tag][seq][coversSeq]
  snapshotStored: {
    tag: ServerTag.snapshotStored,
    maxBytes: small,
    write(e, frame) {
      writeVarUint(e, frame.seq)
      writeVarUint(e, frame.coversSeq)
    },
    read: (d) => ({ seq: readUint(d), coversSeq: readUint(d) }),
  },

  // [tag][headSeq]
  replayDone: {
    tag: ServerTag.replayDone,
    maxBytes: small,
    write: (e, frame) => writeVarUint(e, frame.headSeq),
    read: (d) => ({ headSeq: readUint(d) }),
  },

  // [tag][ref][seq]
  ack: {
    tag: ServerTag.ack,
    maxBytes: small,
    write(e, frame) {
      writeVarUint(e, frame.ref)
      writeVarUint(e, frame.seq)
    },
    read: (d) => ({ ref: readUint(d), seq: readUint(d) }),
  },

  // [tag][ref][reason]
  reject: {
    tag: ServerTag.reject,
    maxBytes: small,
    write(e, frame) {
      writeVarUint(e, frame.ref)
      writeVarUint(e, frame.reason)
    },
    read: (d) => ({ ref: readUint(d), reason: readRejectReason(d) }),
  },

  // [tag][peerId][sealed: varUint8Array]
  awareness: {
    tag: ServerTag.awareness,
    maxBytes: MAX_SERVER_FRAME_BYTES,
    write(e, frame) {
      writeVarUint(e, frame.peerId)
      writeVarUint8Array(e, frame.sealed)
    },
    read: (d) => ({ peerId: readUint(d), sealed: readVarUint8Array(d) }),
  },

  // [tag][peerId]
  peerLeft: {
    tag: ServerTag.peerLeft,
    maxBytes: small,
    write: (e, frame) => writeVarUint(e, frame.peerId),
    read: (d) => ({ peerId: readUint(d) }),
  },

  // [tag][pingId][serverTime: float64] — the answer to one ping
  pong: {
    tag: ServerTag.pong,
    maxBytes: small,
    write(e, frame) {
      writeVarUint(e, frame.pingId)
      writeFloat64(e, frame.serverTime)
    },
    read: (d) => ({ pingId: readUint(d), serverTime: readFloat64(d) }),
  },

  // [tag][serverTime: float64] — sent unasked every few seconds: a check on the client's clock, and a sign of life
  clock: {
    tag: ServerTag.clock,
    maxBytes: small,
    write: (e, frame) => writeFloat64(e, frame.serverTime),
    read: (d) => ({ serverTime: readFloat64(d) }),
  },

  // [tag][reason: 0 deleted, 1 moved][note: varUint8Array, empty when none] — just before the socket closes with 4410 or 4411
  retired: {
    tag: ServerTag.retired,
    maxBytes: small + Limits.maxRetirementNoteBytes,
    write(e, frame) {
      writeVarUint(e, RETIRED_AS.indexOf(frame.reason))
      writeVarUint8Array(e, frame.note ?? new Uint8Array())
    },
    read(d) {
      const reason = RETIRED_AS[readUint(d)]
      if (reason === undefined) throw new Error('unknown retirement')
      const note = readVarUint8Array(d)
      return { reason, note: note.length === 0 ? null : note }
    },
  },
}

function readRejectReason(d: Decoder): RejectReason {
  const reason = readUint(d)
  if (!rejectReasons.has(reason)) throw new Error(`unknown reject reason ${reason}`)
  return reason as RejectReason
}

const serverFrames = framesOf(serverCodecs)

/** Encodes a frame the server sends. */
export function encodeServerFrame(frame: ServerFrame): Uint8Array {
  return serverFrames.encode(frame)
}

/** Decodes a frame the server sent; throws ProtocolError when it is not one. */
export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  return serverFrames.decode(bytes, MAX_SERVER_FRAME_BYTES)
}
