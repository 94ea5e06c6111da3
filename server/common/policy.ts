/**
 * Server policy: every limit and default the server decides on its own —
 * who may connect and how fast they may send, what it holds for slow
 * readers and half-sent snapshots, how many boards and bytes it keeps and
 * for how long. Clients never see these numbers; they meet only the close
 * codes and refusals they lead to. What both sides must agree on (frame
 * sizes) is the wire's, in shared/protocol.ts; when a client posts a
 * snapshot is the client's own policy (client/sync/clientLimits.ts).
 *
 * Each default is written here once. server/config.ts fills the ones an
 * operator may change from the environment (README, "Configuration"), and
 * tests pass theirs through startServer's options.
 */
import { Limits } from '../../shared/protocol.ts'

const KiB = 1024
const MiB = 1024 * KiB

/** What the relay enforces on sockets. An operator may change some (config.ts); tests shorten timeouts and caps. */
export const DEFAULT_RELAY_LIMITS = {
  // --- Letting a socket in ---

  /** Frames a socket may send before its hello is checked (the hello and a few pipelined ones). */
  maxFramesBeforeHello: 4,
  /** How long a socket may stay open without saying hello. */
  helloTimeoutMs: 10_000,
  /** Sockets from one address that have not yet been let in (no hello checked). */
  maxUnauthenticatedPerIp: 16,
  /** Sockets from one address in all. */
  maxSocketsPerIp: 256,
  /** Sockets on one board: two partners and a facilitator on a few devices each, with room to spare. */
  maxSocketsPerBoard: 64,

  // --- How fast a socket may send (past a budget the socket is read more slowly, never closed) ---

  /** Per socket, frames of any kind per second and the burst it may save up. */
  framesPerSecond: 100,
  frameBurst: 400,
  /** Per socket, bytes of document frames (updates, snapshots) per second and the burst; awareness and pings do not count. */
  documentBytesPerSecond: 2 * MiB,
  documentByteBurst: 8 * MiB,
  /** Per board, the same budget shared by all its sockets, so one board cannot take the disk from others. */
  boardBytesPerSecond: 4 * MiB,
  boardByteBurst: 16 * MiB,
  /**
   * Per socket, bytes of presence frames (awareness) per second and the burst
   * it may save up. Real presence is a few hundred bytes a few times a second
   * (who is here, who is typing where), so this is tens of times what a person
   * makes, and far less than a partner's device is ever asked to read: a flood
   * slows only its sender.
   */
  presenceBytesPerSecond: 16 * KiB,
  presenceByteBurst: 64 * KiB,

  // --- The log's tail ---

  /** The server refuses appends past these (reject logFull) until a snapshot shortens the tail. */
  maxTailUpdates: 20_000,
  maxTailBytes: 64 * MiB,

  // --- What the server holds for readers ---

  /** A socket whose unsent output passes this is a slow consumer: closed with 4508 instead of buffered for. */
  slowConsumerBytes: 16 * MiB,
  /** A replay is sent in steps, waiting while more than this is unsent. */
  replayHighWaterBytes: 2 * MiB,
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

  // --- Snapshots arriving in parts ---

  /** Snapshot parts the server holds in memory across all sockets while uploads complete. */
  maxStagedSnapshotBytes: 256 * MiB,
  /**
   * Shares of maxStagedSnapshotBytes: what one address's uploads, and
   * uploads to one board, may hold at once. Each fits the largest
   * snapshot, so no legitimate upload is refused for its share, and one
   * address that fills its share leaves the rest of the budget to others.
   */
  maxStagedSnapshotBytesPerIp: Limits.maxSnapshotBytes,
  maxStagedSnapshotBytesPerBoard: Limits.maxSnapshotBytes,
  /**
   * An upload whose next snapshot part does not arrive for this long is
   * dropped and its socket closed with 4508, giving its staged bytes back.
   * The same pace as readerStallMs asks of a phone's (often slower) uplink.
   */
  uploadStallMs: 120_000,

  // --- The clock ---

  /**
   * How often the server sends each socket its clock. The client's provider
   * closes a socket that heard nothing for 30 s, so this keeps well below that.
   */
  clockIntervalMs: 10_000,
} as const

export type RelayLimits = { -readonly [K in keyof typeof DEFAULT_RELAY_LIMITS]: number }

/** The relay's limits with `overrides` in place of the defaults they name. */
export function resolveRelayLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  return { ...DEFAULT_RELAY_LIMITS, ...overrides }
}

/**
 * How many boards may be created, by whom and how fast. Creating a board
 * needs no account, so these are what stand between a script and a full
 * disk: a per-address rate, and caps on live boards and stored bytes.
 */
export type BoardCreationLimits = {
  /** Live boards (not retired) the server holds at most. */
  maxBoards: number
  /** Bytes of stored sealed updates and snapshots at most (not the store's own overhead); past it no board may grow either. */
  maxStoredBytes: number
  /** Sustained creations per hour from one client address. */
  createsPerHour: number
  /** Creations one address may make at once before the hourly rate applies. */
  createBurst: number
}

export const DEFAULT_BOARD_CREATION_LIMITS = {
  maxBoards: 100_000,
  maxStoredBytes: 10 * 1024 * MiB,
  /** Far more than a couple or a practice ever needs, far less than a script wants. */
  createsPerHour: 30,
} as const

/**
 * A third of the hourly allowance may be spent at once (10 of the default
 * 30): a few people behind one address can start boards in the same minute,
 * while a script is held to the hourly rate.
 */
export function burstFor(createsPerHour: number): number {
  return Math.max(1, Math.round(createsPerHour / 3))
}

/** Fills in defaults; a burst that is not given follows the rate that is. */
export function resolveBoardCreationLimits(limits: Partial<BoardCreationLimits> = {}): BoardCreationLimits {
  const createsPerHour = limits.createsPerHour ?? DEFAULT_BOARD_CREATION_LIMITS.createsPerHour
  return {
    maxBoards: limits.maxBoards ?? DEFAULT_BOARD_CREATION_LIMITS.maxBoards,
    maxStoredBytes: limits.maxStoredBytes ?? DEFAULT_BOARD_CREATION_LIMITS.maxStoredBytes,
    createsPerHour,
    createBurst: limits.createBurst ?? burstFor(createsPerHour),
  }
}

/** What one board may keep, and for how long. */
export const DEFAULT_BOARD_STORAGE = {
  /** How many days the board's history keeps earlier versions: the first of each day. */
  historyDays: 90,
  /** Room for the largest board (a 64 MiB snapshot), its tail and a few versions; a board of cards stays far below it. */
  maxBoardBytes: 256 * MiB,
} as const

/**
 * How many snapshots a board keeps whatever their age. Past them the history
 * keeps one version a day, the day's first, for the retention period: however
 * many versions are posted in a row, they replace only that day's later ones.
 */
export const SNAPSHOTS_KEPT = 3

/** How long opening PostgreSQL or Redis may take: a start never hangs on an unreachable host. */
export const SERVICE_CONNECT_TIMEOUT_MS = 5000
