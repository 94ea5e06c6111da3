/**
 * How many boards may be created, by whom and how fast. Creating a board
 * needs no account, so these are what stand between a script and a full
 * disk: a per-address rate, and caps on live boards and stored bytes.
 */

export type BoardCreationLimits = {
  /** Live boards (not deleted) the server holds at most. */
  maxBoards: number
  /** Bytes of stored sealed updates and snapshots at most (not SQLite's own overhead). */
  maxStoredBytes: number
  /** Sustained creations per hour from one client address. */
  createsPerHour: number
  /** Creations one address may make at once before the hourly rate applies. */
  createBurst: number
}

export const DEFAULT_MAX_BOARDS = 100_000
export const DEFAULT_MAX_STORED_BYTES = 10 * 1024 ** 3
/** Far more than a couple or a practice ever needs, far less than a script wants. */
export const DEFAULT_CREATES_PER_HOUR = 30

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
  const createsPerHour = limits.createsPerHour ?? DEFAULT_CREATES_PER_HOUR
  return {
    maxBoards: limits.maxBoards ?? DEFAULT_MAX_BOARDS,
    maxStoredBytes: limits.maxStoredBytes ?? DEFAULT_MAX_STORED_BYTES,
    createsPerHour,
    createBurst: limits.createBurst ?? burstFor(createsPerHour),
  }
}
