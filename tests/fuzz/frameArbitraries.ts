/**
 * Arbitrary frame values of every tag (shared/frames.ts), the byte limit
 * each tag has on the wire, and the byte strings the decoders are fed:
 * random bytes, valid encodings, and valid encodings damaged by a few
 * mutations (bit flips, truncation, extension, bytes inserted, deleted or
 * overwritten).
 */
import fc from 'fast-check'
import { encodeClientFrame, encodeServerFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { Limits, MAX_PING_BYTES, MAX_SERVER_FRAME_BYTES, MAX_SMALL_SERVER_FRAME_BYTES, RejectReason } from '../../shared/protocol.ts'
import { plainRecord } from './fuzzProperty.ts'

/** Whole numbers as a frame carries them: mostly small, sometimes at the edges of a varUint's byte lengths. */
export const frameNumber = fc.oneof(
  { weight: 4, arbitrary: fc.nat(300) },
  { weight: 2, arbitrary: fc.maxSafeNat() },
  { weight: 1, arbitrary: fc.constantFrom(127, 128, 16_383, 16_384, 2 ** 31, 2 ** 32, 2 ** 49 - 1, 2 ** 49, Number.MAX_SAFE_INTEGER) },
)

const bytes = fc.oneof(
  { weight: 5, arbitrary: fc.uint8Array({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
)

const boardId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), fc.string({ unit: 'binary', maxLength: 30 }))

export const clientFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  plainRecord({
    tag: fc.constant('hello'),
    version: frameNumber,
    boardId,
    accessToken: fc.uint8Array({ maxLength: 48 }),
    knownSeq: frameNumber,
  }),
  plainRecord({ tag: fc.constant('pushUpdate'), ref: frameNumber, sealed: bytes }),
  plainRecord({
    tag: fc.constant('beginSnapshot'),
    ref: frameNumber,
    coversSeq: frameNumber,
    partCount: frameNumber,
    carriesChanges: fc.boolean(),
    keepSeqs: fc.array(frameNumber, { maxLength: 8 }),
  }),
  plainRecord({ tag: fc.constant('snapshotPart'), ref: frameNumber, index: frameNumber, bytes }),
  plainRecord({ tag: fc.constant('pushAwareness'), sealed: bytes }),
  plainRecord({ tag: fc.constant('pushAwarenessTo'), peerId: frameNumber, sealed: bytes }),
  plainRecord({ tag: fc.constant('ping'), pingId: frameNumber }),
) as fc.Arbitrary<ClientFrame>

const sealedEntry = plainRecord({ seq: frameNumber, sealed: bytes })

export const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  plainRecord({ tag: fc.constant('welcome'), version: frameNumber, serverTime: fc.double(), peerId: frameNumber, replayFrom: frameNumber }),
  plainRecord({ tag: fc.constant('entry'), seq: frameNumber, sealed: bytes }),
  plainRecord({ tag: fc.constant('entries'), entries: fc.array(sealedEntry, { maxLength: 5 }) }),
  plainRecord({
    tag: fc.constant('snapshotPart'),
    seq: frameNumber,
    coversSeq: frameNumber,
    index: frameNumber,
    partCount: frameNumber,
    bytes,
  }),
  plainRecord({ tag: fc.constant('snapshotStored'), seq: frameNumber, coversSeq: frameNumber }),
  plainRecord({ tag: fc.constant('replayDone'), headSeq: frameNumber }),
  plainRecord({ tag: fc.constant('ack'), ref: frameNumber, seq: frameNumber }),
  plainRecord({ tag: fc.constant('reject'), ref: frameNumber, reason: fc.constantFrom(...Object.values(RejectReason)) }),
  plainRecord({ tag: fc.constant('awareness'), peerId: frameNumber, sealed: bytes }),
  plainRecord({ tag: fc.constant('peerLeft'), peerId: frameNumber }),
  plainRecord({ tag: fc.constant('pong'), pingId: frameNumber, serverTime: fc.double() }),
  plainRecord({ tag: fc.constant('clock'), serverTime: fc.double() }),
  plainRecord({
    tag: fc.constant('retired'),
    reason: fc.constantFrom('deleted' as const, 'moved' as const),
    // An empty note is no note: it decodes as null.
    note: fc.option(fc.uint8Array({ minLength: 1, maxLength: 64 }), { nil: null }),
  }),
) as fc.Arbitrary<ServerFrame>

/** Frames whose encoding lands within a few bytes of their tag's limit, either side: zero-filled, so a megabyte is cheap. */
export const clientFrameNearItsLimit: fc.Arbitrary<ClientFrame> = fc.oneof(
  fc
    .integer({ min: -8, max: 8 })
    .map((delta): ClientFrame => ({ tag: 'pushUpdate', ref: 1, sealed: new Uint8Array(Limits.maxFrameBytes - 6 + delta) })),
  fc
    .integer({ min: -8, max: 8 })
    .map((delta): ClientFrame => ({ tag: 'snapshotPart', ref: 1, index: 0, bytes: new Uint8Array(Limits.maxFrameBytes - 7 + delta) })),
  fc.integer({ min: -8, max: 8 }).map((delta): ClientFrame => ({
    tag: 'hello',
    version: 2,
    boardId: 'a'.repeat(22),
    accessToken: new Uint8Array(Limits.maxHelloBytes - 28 + delta),
    knownSeq: 0,
  })),
)

export const serverFrameNearItsLimit: fc.Arbitrary<ServerFrame> = fc
  .integer({ min: -8, max: 8 })
  .map((delta): ServerFrame => ({ tag: 'entry', seq: 1, sealed: new Uint8Array(MAX_SERVER_FRAME_BYTES - 6 + delta) }))

const clientLimits: Record<ClientFrame['tag'], number> = {
  hello: Limits.maxHelloBytes,
  ping: MAX_PING_BYTES,
  pushUpdate: Limits.maxFrameBytes,
  beginSnapshot: Limits.maxFrameBytes,
  snapshotPart: Limits.maxFrameBytes,
  pushAwareness: Limits.maxFrameBytes,
  pushAwarenessTo: Limits.maxFrameBytes,
}

const small = MAX_SMALL_SERVER_FRAME_BYTES
const serverLimits: Record<ServerFrame['tag'], number> = {
  welcome: small,
  snapshotStored: small,
  replayDone: small,
  ack: small,
  reject: small,
  peerLeft: small,
  pong: small,
  clock: small,
  retired: small + Limits.maxRetirementNoteBytes,
  entry: MAX_SERVER_FRAME_BYTES,
  entries: MAX_SERVER_FRAME_BYTES,
  snapshotPart: MAX_SERVER_FRAME_BYTES,
  awareness: MAX_SERVER_FRAME_BYTES,
}

/** The largest frame of this tag the decoder takes, as frames.ts documents it per tag. */
export const byteLimitOf = (frame: ClientFrame | ServerFrame, side: 'client' | 'server'): number =>
  side === 'client' ? clientLimits[frame.tag as ClientFrame['tag']] : serverLimits[frame.tag as ServerFrame['tag']]

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'extend'; bytes: Uint8Array }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number }
  /** Runs of 0x80/0xff make overlong varUints; 0x00 and 0x7f end them early. */
  | { kind: 'overwrite'; at: number; bytes: number[] }

const position = fc.nat()
const edgeByte = fc.oneof(fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff), fc.integer({ min: 0, max: 255 }))

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  plainRecord({ kind: fc.constant('flip'), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  plainRecord({ kind: fc.constant('truncate'), keep: position }),
  plainRecord({ kind: fc.constant('extend'), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  plainRecord({ kind: fc.constant('insert'), at: position, byte: edgeByte }),
  plainRecord({ kind: fc.constant('delete'), at: position }),
  plainRecord({ kind: fc.constant('overwrite'), at: position, bytes: fc.array(edgeByte, { minLength: 1, maxLength: 10 }) }),
) as fc.Arbitrary<Mutation>

function mutate(original: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = [...original]
  for (const m of mutations) {
    const at = (n: number) => (bytes.length === 0 ? 0 : n % (bytes.length + 1))
    if (m.kind === 'flip' && bytes.length > 0) bytes[m.at % bytes.length] ^= 1 << m.bit
    else if (m.kind === 'truncate') bytes = bytes.slice(0, at(m.keep))
    else if (m.kind === 'extend') bytes.push(...m.bytes)
    else if (m.kind === 'insert') bytes.splice(at(m.at), 0, m.byte)
    else if (m.kind === 'delete' && bytes.length > 0) bytes.splice(m.at % bytes.length, 1)
    else if (m.kind === 'overwrite') bytes.splice(at(m.at), m.bytes.length, ...m.bytes)
  }
  return new Uint8Array(bytes)
}

const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 })

/** Bytes for a decoder: random, valid, or valid and then damaged, of either side's frames. */
export const frameBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: clientFrame.map(encodeClientFrame) },
  { weight: 1, arbitrary: serverFrame.map(encodeServerFrame) },
  { weight: 4, arbitrary: fc.tuple(clientFrame.map(encodeClientFrame), mutations).map(([valid, m]) => mutate(valid, m)) },
  { weight: 4, arbitrary: fc.tuple(serverFrame.map(encodeServerFrame), mutations).map(([valid, m]) => mutate(valid, m)) },
)
