/**
 * The wire protocol between the browser and the relay: frame tags, limits,
 * close codes and the protocol version. Both sides import this module and
 * nothing else defines these numbers. Byte layouts live beside their
 * encoders in `clientFrames.ts` and `serverFrames.ts`; docs/protocol.md
 * tells the whole story.
 *
 * The server never decodes a frame's sealed payload: to it a board is a
 * sequence of opaque ciphertexts with sequence numbers.
 */

/** Bumped whenever a frame is added or its layout changes; the server refuses other versions. */
export const PROTOCOL_VERSION = 5

/** Tags of frames a client sends. */
export const ClientTag = {
  hello: 0,
  pushUpdate: 1,
  beginSnapshot: 2,
  pushAwareness: 3,
  ping: 4,
  snapshotPart: 5,
  pushAwarenessTo: 6,
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
  snapshotPart: 24,
  snapshotStored: 25,
  entries: 26,
  clock: 27,
  retired: 28,
} as const

/**
 * What a sealed payload is, bound into its encryption as additional data,
 * so an awareness frame can never be replayed as a document update.
 */
export type SealedKind = 'update' | 'snapshot' | 'awareness' | 'retirementNote' | 'signedUpdate' | 'signedSnapshot'

/** Why the server refused one pushed update or snapshot without closing the socket. */
export const RejectReason = {
  /** The board's log is full: post a snapshot, then push again. */
  logFull: 1,
  /** A snapshot that does not contain the latest one, or covers more than the log holds. */
  snapshotOutOfRange: 2,
  /**
   * The board stores as much as the server allows one board (its history
   * included). Not final: keep the change on the device and send it again
   * after reconnecting or once a stored snapshot may have made the board
   * smaller; moving the board to a new link keeps only the latest version.
   */
  boardFull: 3,
  /** The server stores as much as it is set up for, all boards together. Not final: keep the change and try later, as for boardFull. */
  storageFull: 4,
} as const
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason]

/** Bytes a frame adds around its sealed payload: tag, ref, seqs and length prefixes. */
export const FRAME_OVERHEAD_BYTES = 64
/** Bytes sealing adds to a payload: a 12-byte nonce and a 16-byte tag. */
export const SEAL_OVERHEAD_BYTES = 28

/**
 * The wire's limits: what both sides must agree on, because a client that
 * sent past them would be closed. The server's own policy (rates, caps,
 * timeouts) is in server/common/policy.ts; when a client posts a snapshot is
 * in client/sync/clientLimits.ts. Neither ships in the other's bundle.
 */
export const Limits = {
  /** Largest frame of any kind, in bytes. Nothing a healthy client sends is bigger: a large change goes as a snapshot in parts. */
  maxFrameBytes: 1024 * 1024,
  /** Largest sealed snapshot, all parts together: a board bigger than this cannot be stored. */
  maxSnapshotBytes: 64 * 1024 * 1024,
  /** Largest hello frame; before its hello is checked a socket may send nothing bigger. */
  maxHelloBytes: 256,
  /**
   * Largest sealed note a deleting or moving device leaves with the board's
   * tombstone (who did it and when): a few names' worth, so a tombstone stays
   * small however many are kept.
   */
  maxRetirementNoteBytes: 4096,
} as const

/** The largest plaintext update that fits one pushUpdate frame once sealed. */
export const MAX_UPDATE_PLAINTEXT_BYTES = Limits.maxFrameBytes - FRAME_OVERHEAD_BYTES - SEAL_OVERHEAD_BYTES
/** The sealed bytes one snapshot part frame carries at most. */
export const SNAPSHOT_PART_BYTES = Limits.maxFrameBytes - FRAME_OVERHEAD_BYTES
/** The largest ping frame: a tag and one varUint. */
export const MAX_PING_BYTES = 16
/**
 * The largest frame the server sends: a frame of maxFrameBytes from a client
 * comes back with a longer seq in place of its ref, so the client reads a
 * little more than it may send.
 */
export const MAX_SERVER_FRAME_BYTES = Limits.maxFrameBytes + FRAME_OVERHEAD_BYTES
/** Sizes of the server's small frames, for the client's decoder. */
export const MAX_SMALL_SERVER_FRAME_BYTES = 64

/**
 * WebSocket close codes. 4400–4499 are final: y-websocket 3 stops
 * reconnecting and emits `closed`; only what no retry can mend is final.
 * 4500–4599 mean "try again later", and the provider reconnects with back-off.
 */
export const CloseCode = {
  /** A frame that breaks the protocol: unknown tag, malformed, out of order. */
  protocolError: 4400,
  unauthorized: 4401,
  boardNotFound: 4404,
  boardGone: 4410,
  /** The board moved to a new link (a new id and secret) and this one was retired. */
  boardMoved: 4411,
  /** A frame over its size limit: a protocol violation, since a healthy client splits large changes. */
  frameTooLarge: 4413,
  versionMismatch: 4426,
  /** The client closed its own socket after an error of its own; it reconnects. */
  clientRetry: 4500,
  storageUnavailable: 4503,
  /** No hello within helloTimeoutMs (a phone frozen right after connecting): reconnect. */
  helloTimeout: 4504,
  /** The server is overloaded, or this socket did not read what it was sent (slow consumer). */
  overloaded: 4508,
  /** The board's stored state changed while its replay was being sent (a snapshot replaced or let go): reconnect and read it afresh. */
  replayInterrupted: 4509,
  /** Too many sockets from this address or on this board. */
  tooManyConnections: 4529,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** The code a server sends while restarting; clients reconnect (a standard WebSocket code). */
export const SERVICE_RESTART = 1012
/** The standard "internal error": something the server did not foresee; the client reconnects. */
export const INTERNAL_ERROR = 1011
/** The standard "message too big": a frame over the limit cut off by the WebSocket layer from its header, before the hello. */
export const MESSAGE_TOO_BIG = 1009

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
