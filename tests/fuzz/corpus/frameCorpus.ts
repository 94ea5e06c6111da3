/**
 * Bad bytes earlier work named, tried first by every decoding property:
 * each is one thing a client or a server could put on the wire that must be
 * refused with a ProtocolError, never crash a decoder, never be half-read.
 */
import { encodeClientFrame, encodeServerFrame } from '../../../shared/frames.ts'
import { ClientTag, Limits, PROTOCOL_VERSION, ServerTag } from '../../../shared/protocol.ts'

const boardId = 'AAAAAAAAAAAAAAAAAAAAAA'
const hello = encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId, accessToken: new Uint8Array(32).fill(7), knownSeq: 0 })

/** A varUint of 2^56 + 2^53 written so lib0 reads it without complaint: eight bytes of at most 2^53 − 1, then one more. */
export const UNSAFE_VARUINT = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x8f, 0x01]
/** 2^56 − 1 in eight bytes: read as 2^56, rounded. */
export const UNSAFE_PING_ID = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]

export const frameCorpus: Record<string, Uint8Array> = {
  'empty frame': new Uint8Array(0),
  'truncated hello': hello.subarray(0, hello.length - 1),
  'hello cut after its tag': hello.subarray(0, 1),
  'hello of another protocol version': encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION + 1, boardId, accessToken: new Uint8Array(32), knownSeq: 0 }),
  'hello with a malformed board id': encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId: '../../etc', accessToken: new Uint8Array(32), knownSeq: 0 }),
  'hello over the 256-byte pre-hello limit': encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId, accessToken: new Uint8Array(300), knownSeq: 0 }),
  'hello whose board id is not UTF-8': new Uint8Array([ClientTag.hello, PROTOCOL_VERSION, 2, 0xc3, 0x28, 0, 0]),
  'pushUpdate over 1 MiB': encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed: new Uint8Array(Limits.maxFrameBytes) }),
  'pushUpdate whose length prefix runs past the end': new Uint8Array([ClientTag.pushUpdate, 1, 50, 1, 2, 3]),
  'pushUpdate with a trailing byte': new Uint8Array([...encodeClientFrame({ tag: 'pushUpdate', ref: 1, sealed: new Uint8Array([1]) }), 0]),
  'ping over its 16 bytes': new Uint8Array([ClientTag.ping, ...new Array(16).fill(0x80), 0]),
  'beginSnapshot with a flag of 2': new Uint8Array([ClientTag.beginSnapshot, 1, 1, 1, 2, 0]),
  'beginSnapshot announcing a keep list of 2^21 seqs': new Uint8Array([ClientTag.beginSnapshot, 1, 1, 1, 0, 0x80, 0x80, 0x80, 0x01]),
  'unknown tag 7': new Uint8Array([7, 0]),
  'a tag that never ends': new Uint8Array([0x80]),
  'a server frame sent to the server': encodeServerFrame({ tag: 'ack', ref: 1, seq: 1 }),
  'a client frame sent to a client': encodeClientFrame({ tag: 'ping', pingId: 1 }),
  'entries announcing 2^21 entries': new Uint8Array([ServerTag.entries, 0x80, 0x80, 0x80, 0x01]),
  'reject with an unknown reason': new Uint8Array([ServerTag.reject, 1, 99]),
  'entry over the server frame limit': encodeServerFrame({ tag: 'entry', seq: 1, sealed: new Uint8Array(Limits.maxFrameBytes + 64) }),
  // Known bug unsafe-varuint (tests/fuzz/knownBugs.ts): both decode today, to numbers past 2^53.
  'a seq past 2^53 that lib0 reads, rounded': new Uint8Array([ServerTag.entry, ...UNSAFE_VARUINT, 0]),
  'a ping id past 2^53': new Uint8Array([ClientTag.ping, ...UNSAFE_PING_ID]),
}
