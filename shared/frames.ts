/**
 * Encoding and decoding of every frame in `protocol.ts`: one codec table per
 * direction, each entry holding a frame's tag, byte layout, size limit,
 * encoder and decoder together (clientFrames.ts, serverFrames.ts), and the
 * one way a table is encoded and decoded (frameCodec.ts). docs/protocol.md
 * tells the whole story.
 */
export { decodeClientFrame, encodeClientFrame, type ClientFrame } from './clientFrames.ts'
export { decodeServerFrame, encodeServerFrame, type ServerFrame } from './serverFrames.ts'
