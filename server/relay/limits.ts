import { Limits } from '../../shared/protocol.ts'

const MiB = 1024 * 1024

/**
 * Server policy the wire does not carry: how long and how much the server
 * holds for one client's readers and uploads. Clients never see these
 * numbers; they only meet their close codes and errors.
 */
export const ServerLimits = {
  /**
   * A reader (a history download, a replay or a catch-up) that keeps the
   * server waiting this long without taking one more part of what it was
   * sent is cut off: a download is destroyed, a socket closed with 4508. A
   * part is at most a frame (1 MiB), so this asks for about 70 kbit/s; a
   * phone on a poor mobile line does better, and a reader that does not
   * read holds its few MiB for two minutes, not for ever.
   */
  readerStallMs: 120_000,
  /**
   * Bytes read from the log for one address's readers (all its history
   * downloads, replays and catch-ups) that the network has not taken yet.
   * A reader needs about three frames in flight to go at full speed, so a
   * household's few devices never meet it; past it a download is refused
   * with 429 and a replay waits.
   */
  readerBytesPerIp: 32 * MiB,
  /**
   * An upload whose next snapshot part does not arrive for this long is
   * dropped and its socket closed with 4508, giving its staged bytes back.
   * The same pace as readerStallMs asks of a phone's (often slower) uplink.
   */
  uploadStallMs: 120_000,
  /**
   * Shares of maxStagedSnapshotBytes: what one address's uploads, and
   * uploads to one board, may hold at once. Each fits the largest
   * snapshot, so no legitimate upload is refused for its share, and one
   * address that fills its share leaves the rest of the budget to others.
   */
  maxStagedSnapshotBytesPerIp: Limits.maxSnapshotBytes,
  maxStagedSnapshotBytesPerBoard: Limits.maxSnapshotBytes,
  /**
   * Per socket, bytes of presence frames (awareness) per second and the burst
   * it may save up; past it the socket is read more slowly. Real presence is a
   * few hundred bytes a few times a second (who is here, who is typing where),
   * so this is tens of times what a person makes, and far less than a partner's
   * device is ever asked to read: a flood slows only its sender.
   */
  presenceBytesPerSecond: 16 * 1024,
  presenceByteBurst: 64 * 1024,
} as const

/**
 * The limits the relay enforces: shared/protocol.ts' Limits and the
 * server's own policy above. Operators may change the per-address and
 * per-board ones (server/config.ts) and tests shorten timeouts and caps.
 * Frame sizes are enforced by the shared decoder and always use the shared
 * values, which clients obey too.
 */
export type RelayLimits = { -readonly [K in keyof typeof Limits | keyof typeof ServerLimits]: number }

export const DEFAULT_RELAY_LIMITS: Readonly<RelayLimits> = { ...Limits, ...ServerLimits }

export function resolveLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  return { ...DEFAULT_RELAY_LIMITS, ...overrides }
}
