import { describe, expect, it } from 'vitest'
import { decodeClientFrame, decodeServerFrame, encodeClientFrame, encodeServerFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { ClientTag, CloseCode, EntryKind, Limits, PROTOCOL_VERSION, ProtocolError, RejectReason } from '../../shared/protocol.ts'

const sealed = new Uint8Array([1, 2, 3, 250, 251, 252])

const clientFrames: ClientFrame[] = [
  { tag: 'hello', version: PROTOCOL_VERSION, boardId: 'abcdefghijklmnopqrstuv', accessToken: new Uint8Array(32).fill(7) },
  { tag: 'pushUpdate', ref: 12, sealed },
  { tag: 'pushSnapshot', ref: 13, coversSeq: 99_999, sealed },
  { tag: 'pushAwareness', sealed },
  { tag: 'ping', pingId: 300 },
]

const serverFrames: ServerFrame[] = [
  { tag: 'welcome', version: PROTOCOL_VERSION, serverTime: 1_764_000_000_123.25, peerId: 4 },
  { tag: 'entry', kind: EntryKind.update, seq: 2 ** 40, sealed },
  { tag: 'entry', kind: EntryKind.snapshot, seq: 7, sealed },
  { tag: 'replayDone', headSeq: 41 },
  { tag: 'ack', ref: 3, seq: 42 },
  { tag: 'reject', ref: 3, reason: RejectReason.logFull },
  { tag: 'awareness', peerId: 9, sealed },
  { tag: 'peerLeft', peerId: 9 },
  { tag: 'pong', pingId: 5, serverTime: 1_764_000_000_999.5 },
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

describe('frames', () => {
  it.each(clientFrames)('round-trips the client frame $tag', (value) => {
    expect(decodeClientFrame(encodeClientFrame(value))).toEqual(value)
  })

  it.each(serverFrames)('round-trips the server frame $tag', (value) => {
    expect(decodeServerFrame(encodeServerFrame(value))).toEqual(value)
  })

  it('rejects an unknown tag as a protocol error', () => {
    expectProtocolError(() => decodeClientFrame(new Uint8Array([77, 0])), CloseCode.protocolError, /unknown frame tag 77/)
    expectProtocolError(() => decodeServerFrame(new Uint8Array([ClientTag.ping, 0])), CloseCode.protocolError, /unknown frame tag/)
  })

  it('rejects an empty frame, a truncated frame and trailing bytes', () => {
    expectProtocolError(() => decodeClientFrame(new Uint8Array()), CloseCode.protocolError, /empty/)
    const update = encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed })
    expectProtocolError(() => decodeClientFrame(update.subarray(0, update.length - 2)), CloseCode.protocolError, /malformed/)
    expectProtocolError(() => decodeClientFrame(new Uint8Array([...update, 0])), CloseCode.protocolError, /trailing/)
  })

  it('rejects a frame over its tag limit with the frame-too-large code', () => {
    const big = encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed: new Uint8Array(Limits.maxFrameBytes) })
    expectProtocolError(() => decodeClientFrame(big), CloseCode.frameTooLarge, /exceeds/)
    const bigHello = encodeClientFrame({ tag: 'hello', version: 1, boardId: 'x'.repeat(300), accessToken: new Uint8Array(32) })
    expectProtocolError(() => decodeClientFrame(bigHello), CloseCode.frameTooLarge, /exceeds/)
  })

  it('allows a snapshot larger than an update', () => {
    const snapshot = encodeClientFrame({ tag: 'pushSnapshot', ref: 1, coversSeq: 5, sealed: new Uint8Array(Limits.maxFrameBytes * 2) })
    expect(decodeClientFrame(snapshot).tag).toBe('pushSnapshot')
  })
})
