/**
 * The wire protocol between the browser and the relay: frame tags, limits,
 * close codes and the protocol version. Both sides import this module and
 * nothing else defines these numbers. Byte layouts live beside their
 * encoders in `frames.ts`.
 *
 * The server never decodes a frame's sealed payload: to it a board is a
 * sequence of opaque ciphertexts with sequence numbers.
 */

/** Bumped whenever a frame's layout changes; the server refuses other versions. */
export const PROTOCOL_VERSION = 1

/** Tags of frames a client sends. */
export const ClientTag = {
  hello: 0,
  pushUpdate: 1,
  pushSnapshot: 2,
  pushAwareness: 3,
  ping: 4,
} as const

/** Tags of frames the server sends. Distinct from client tags so a misrouted frame is an error. */
export const ServerTag = {
  welcome: 16,
  entry: 17,
  replayDone: 18,
  ack: 19,
  reject: 20,
  awareness: 21,
  peerLeft: 22,
  pong: 23,
} as const

/** What a log entry holds: one document update, or a snapshot replacing everything before it. */
export const EntryKind = {
  update: 0,
  snapshot: 1,
} as const
export type EntryKind = (typeof EntryKind)[keyof typeof EntryKind]

/**
 * What a sealed payload is, bound into its encryption as additional data,
 * so an awareness frame can never be replayed as a document update.
 */
export type SealedKind = 'update' | 'snapshot' | 'awareness'

/** Why the server refused one pushed frame without closing the socket. */
export const RejectReason = {
  /** The board's log is full: post a snapshot, then push again. */
  logFull: 1,
  /** A snapshot that covers less than the latest one, or more than the log holds. */
  snapshotOutOfRange: 2,
} as const
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason]

export const Limits = {
  /** Largest update or awareness frame, in bytes. */
  maxFrameBytes: 1024 * 1024,
  /** Largest snapshot frame: a whole board, so allowed more room. */
  maxSnapshotBytes: 8 * 1024 * 1024,
  /** Largest hello frame; an unauthenticated socket may send nothing bigger. */
  maxHelloBytes: 256,
  /** How long a socket may stay open without saying hello. */
  helloTimeoutMs: 10_000,
  /** A client posts a snapshot once the log's tail passes either of these. */
  snapshotAfterUpdates: 1000,
  snapshotAfterBytes: 256 * 1024,
  /** The server refuses appends past these until a snapshot shortens the tail. */
  maxTailUpdates: 20_000,
  maxTailBytes: 64 * 1024 * 1024,
  /** Per-socket token bucket: frames per second, and the burst it may save up. */
  framesPerSecond: 100,
  frameBurst: 400,
  /** How often the server sends each socket its clock, keeping quiet boards connected. */
  clockIntervalMs: 10_000,
} as const

/**
 * WebSocket close codes. 4400–4499 are final: y-websocket 3 stops
 * reconnecting and emits `closed`. 4500–4599 mean "try again later".
 */
export const CloseCode = {
  protocolError: 4400,
  unauthorized: 4401,
  boardNotFound: 4404,
  helloTimeout: 4408,
  boardGone: 4410,
  frameTooLarge: 4413,
  versionMismatch: 4426,
  storageUnavailable: 4503,
  overloaded: 4508,
  rateLimited: 4529,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** True when y-websocket will not reconnect after this close code. */
export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500
}

/** Board ids are 16 random bytes in base64url: 22 characters. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

/** Token hashes are SHA-256 in base64url: 43 characters. */
export const TOKEN_HASH_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** A frame that could not be decoded, with the close code the socket should get. */
export class ProtocolError extends Error {
  readonly closeCode: CloseCode
  constructor(closeCode: CloseCode, message: string) {
    super(message)
    this.name = 'ProtocolError'
    this.closeCode = closeCode
  }
}
