/** The wire format: every frame round-trips, and each way a frame can be wrong is a ProtocolError with its close code. */
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import {
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  type ClientFrame,
  type ServerFrame,
} from '../../shared/frames.ts'
import {
  ClientTag,
  CloseCode,
  Limits,
  MAX_PING_BYTES,
  MAX_SERVER_FRAME_BYTES,
  MAX_SMALL_SERVER_FRAME_BYTES,
  PROTOCOL_VERSION,
  ProtocolError,
  RejectReason,
  ServerTag,
} from '../../shared/protocol.ts'

const sealed = new Uint8Array([1, 2, 3, 250, 251, 252])

const clientFrames: ClientFrame[] = [
  {
    tag: 'hello',
    version: PROTOCOL_VERSION,
    boardId: 'abcdefghijklmnopqrstuv',
    accessToken: new Uint8Array(32).fill(7),
    knownSeq: 2 ** 40,
  },
  { tag: 'pushUpdate', ref: 12, sealed },
  { tag: 'beginSnapshot', ref: 13, coversSeq: 99_999, partCount: 3, carriesChanges: true, keepSeqs: [4, 17, 2 ** 33] },
  { tag: 'beginSnapshot', ref: 14, coversSeq: 0, partCount: 1, carriesChanges: false, keepSeqs: [] },
  { tag: 'snapshotPart', ref: 13, index: 2, bytes: sealed },
  { tag: 'pushAwareness', sealed },
  { tag: 'pushAwarenessTo', peerId: 7, sealed },
  { tag: 'ping', pingId: 300 },
]

const serverFrames: ServerFrame[] = [
  { tag: 'welcome', version: PROTOCOL_VERSION, serverTime: 1_764_000_000_123.25, peerId: 4, replayFrom: 77 },
  { tag: 'entry', seq: 2 ** 40, sealed },
  {
    tag: 'entries',
    entries: [
      { seq: 1, sealed },
      { seq: 2 ** 40, sealed },
    ],
  },
  { tag: 'entries', entries: [] },
  { tag: 'snapshotPart', seq: 9, coversSeq: 7, index: 1, partCount: 2, bytes: sealed },
  { tag: 'snapshotStored', seq: 9, coversSeq: 7 },
  { tag: 'replayDone', headSeq: 41 },
  { tag: 'ack', ref: 3, seq: 42 },
  { tag: 'reject', ref: 3, reason: RejectReason.logFull },
  { tag: 'reject', ref: 4, reason: RejectReason.snapshotOutOfRange },
  { tag: 'reject', ref: 5, reason: RejectReason.boardFull },
  { tag: 'reject', ref: 6, reason: RejectReason.storageFull },
  { tag: 'awareness', peerId: 9, sealed },
  { tag: 'peerLeft', peerId: 9 },
  { tag: 'pong', pingId: 5, serverTime: 1_764_000_000_999.5 },
  { tag: 'clock', serverTime: 1_764_000_010_000.75 },
  { tag: 'retired', reason: 'deleted', note: sealed },
  { tag: 'retired', reason: 'moved', note: null },
]

function expectProtocolError(decode: () => unknown, closeCode: number, message: RegExp) {
  try {
    decode()
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).closeCode).toBe(closeCode)
    expect((error as ProtocolError).message).toMatch(message)
    return
  }
  throw new Error('expected a ProtocolError')
}

/** A frame written by hand: a tag, then varUints. */
function rawFrame(tag: number, ...numbers: number[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, tag)
  for (const n of numbers) encoding.writeVarUint(encoder, n)
  return encoding.toUint8Array(encoder)
}

/** A frame of `tag` padded out to exactly `bytes` bytes (the padding is never read: size is checked first). */
function frameOfSize(tag: number, bytes: number): Uint8Array {
  const frame = new Uint8Array(bytes)
  frame.set(rawFrame(tag))
  return frame
}

describe('frames', () => {
  it.each(clientFrames)('round-trips the client frame $tag', (value) => {
    expect(decodeClientFrame(encodeClientFrame(value))).toEqual(value)
  })

  it.each(serverFrames)('round-trips the server frame $tag', (value) => {
    expect(decodeServerFrame(encodeServerFrame(value))).toEqual(value)
  })

  it('has a round-trip case for every tag', () => {
    expect(new Set(clientFrames.map((f) => f.tag))).toEqual(new Set(Object.keys(ClientTag)))
    expect(new Set(serverFrames.map((f) => f.tag))).toEqual(new Set(Object.keys(ServerTag)))
  })

  it('an unknown tag is a protocol error, and so is a server tag sent by a client', () => {
    expectProtocolError(() => decodeClientFrame(new Uint8Array([77, 0])), CloseCode.protocolError, /unknown frame tag 77/)
    expectProtocolError(() => decodeClientFrame(rawFrame(ServerTag.ack, 1, 1)), CloseCode.protocolError, /unknown frame tag 19/)
    expectProtocolError(() => decodeServerFrame(rawFrame(ClientTag.ping, 0)), CloseCode.protocolError, /unknown frame tag/)
  })

  it('an empty frame, a truncated frame and trailing bytes are protocol errors', () => {
    expectProtocolError(() => decodeClientFrame(new Uint8Array()), CloseCode.protocolError, /empty/)
    const update = encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed })
    expectProtocolError(() => decodeClientFrame(update.subarray(0, update.length - 2)), CloseCode.protocolError, /malformed/)
    expectProtocolError(() => decodeClientFrame(new Uint8Array([...update, 0])), CloseCode.protocolError, /trailing bytes/)
    const ack = encodeServerFrame({ tag: 'ack', ref: 1, seq: 2 })
    expectProtocolError(() => decodeServerFrame(new Uint8Array([...ack, 0])), CloseCode.protocolError, /trailing bytes/)
  })

  it('a carriesChanges flag other than 0 or 1 and an unknown reject reason are malformed', () => {
    expectProtocolError(() => decodeClientFrame(rawFrame(ClientTag.beginSnapshot, 1, 5, 1, 2, 0)), CloseCode.protocolError, /flag 2/)
    expectProtocolError(() => decodeServerFrame(rawFrame(ServerTag.reject, 1, 99)), CloseCode.protocolError, /reject reason 99/)
  })

  it('a keep list longer than a frame could hold is refused before it is read', () => {
    const frame = rawFrame(ClientTag.beginSnapshot, 1, 5, 1, 0, Limits.maxFrameBytes + 1)
    expectProtocolError(() => decodeClientFrame(frame), CloseCode.protocolError, /a list of \d+ seqs/)
  })

  it.each([
    { name: 'hello', tag: ClientTag.hello, maxBytes: Limits.maxHelloBytes },
    { name: 'ping', tag: ClientTag.ping, maxBytes: MAX_PING_BYTES },
    { name: 'pushUpdate', tag: ClientTag.pushUpdate, maxBytes: Limits.maxFrameBytes },
    { name: 'beginSnapshot', tag: ClientTag.beginSnapshot, maxBytes: Limits.maxFrameBytes },
    { name: 'snapshotPart', tag: ClientTag.snapshotPart, maxBytes: Limits.maxFrameBytes },
    { name: 'pushAwareness', tag: ClientTag.pushAwareness, maxBytes: Limits.maxFrameBytes },
    { name: 'pushAwarenessTo', tag: ClientTag.pushAwarenessTo, maxBytes: Limits.maxFrameBytes },
  ])('a client $name frame over its limit of $maxBytes bytes is frame-too-large', ({ tag, maxBytes }) => {
    expectProtocolError(() => decodeClientFrame(frameOfSize(tag, maxBytes + 1)), CloseCode.frameTooLarge, /exceeds/)
  })

  it('the largest hello and ping pass their limits', () => {
    const token = new Uint8Array(32)
    const hello = encodeClientFrame({
      tag: 'hello',
      version: PROTOCOL_VERSION,
      boardId: 'a'.repeat(22),
      accessToken: token,
      knownSeq: 2 ** 53 - 1,
    })
    expect(hello.byteLength).toBeLessThanOrEqual(Limits.maxHelloBytes)
    expect(decodeClientFrame(hello).tag).toBe('hello')
    const ping = encodeClientFrame({ tag: 'ping', pingId: 2 ** 53 - 1 })
    expect(ping.byteLength).toBeLessThanOrEqual(MAX_PING_BYTES)
  })

  it('a snapshot part may be as large as any frame: a large board is sent in many parts, not one big frame', () => {
    const part = encodeClientFrame({ tag: 'snapshotPart', ref: 1, index: 0, bytes: new Uint8Array(Limits.maxFrameBytes - 16) })
    expect(decodeClientFrame(part).tag).toBe('snapshotPart')
    const tooBig = encodeClientFrame({ tag: 'snapshotPart', ref: 1, index: 0, bytes: new Uint8Array(Limits.maxFrameBytes) })
    expectProtocolError(() => decodeClientFrame(tooBig), CloseCode.frameTooLarge, /exceeds/)
  })

  it('small server frames are held to the small limit, content frames to the frame limit', () => {
    for (const tag of [
      ServerTag.welcome,
      ServerTag.snapshotStored,
      ServerTag.replayDone,
      ServerTag.ack,
      ServerTag.reject,
      ServerTag.peerLeft,
      ServerTag.pong,
      ServerTag.clock,
    ]) {
      expectProtocolError(() => decodeServerFrame(frameOfSize(tag, MAX_SMALL_SERVER_FRAME_BYTES + 1)), CloseCode.frameTooLarge, /exceeds/)
    }
    // The retirement frame carries a small sealed note, no more.
    const noteTooLarge = encodeServerFrame({
      tag: 'retired',
      reason: 'deleted',
      note: new Uint8Array(Limits.maxRetirementNoteBytes + MAX_SMALL_SERVER_FRAME_BYTES),
    })
    expectProtocolError(() => decodeServerFrame(noteTooLarge), CloseCode.frameTooLarge, /exceeds/)
    // A client's largest frame comes back with a longer seq in place of its ref: the server may send a little more.
    for (const tag of [ServerTag.entry, ServerTag.entries, ServerTag.snapshotPart, ServerTag.awareness]) {
      expectProtocolError(() => decodeServerFrame(frameOfSize(tag, MAX_SERVER_FRAME_BYTES + 1)), CloseCode.frameTooLarge, /exceeds/)
    }
  })

  it('before the hello is checked, the lowered limit holds for every tag', () => {
    const update = encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed: new Uint8Array(Limits.maxHelloBytes) })
    expect(decodeClientFrame(update).tag).toBe('pushUpdate')
    expectProtocolError(
      () => decodeClientFrame(update, Limits.maxHelloBytes),
      CloseCode.frameTooLarge,
      new RegExp(`exceeds ${Limits.maxHelloBytes}`),
    )
    const small = encodeClientFrame({ tag: 'pushAwareness', sealed })
    expect(decodeClientFrame(small, Limits.maxHelloBytes).tag).toBe('pushAwareness')
    // An unknown tag past the lowered limit is refused for its size, without reading further.
    expectProtocolError(
      () => decodeClientFrame(frameOfSize(77, Limits.maxHelloBytes + 1), Limits.maxHelloBytes),
      CloseCode.frameTooLarge,
      /exceeds/,
    )
  })
})
