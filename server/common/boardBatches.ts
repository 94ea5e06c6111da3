/**
 * The once-a-second upkeep of a process with sockets on many boards (head
 * checks, seat shares) asks about all of them in one call, not one call per
 * board. Each call names at most this many boards, so its arguments, and
 * the time Redis or PostgreSQL spends on it, stay bounded however many
 * boards a process holds.
 */
export const BOARDS_PER_CALL = 1000

/** `ids` in consecutive runs of at most BOARDS_PER_CALL, in order. */
export function inBoardBatches<T>(ids: readonly T[]): T[][] {
  const batches: T[][] = []
  for (let start = 0; start < ids.length; start += BOARDS_PER_CALL) batches.push(ids.slice(start, start + BOARDS_PER_CALL))
  return batches
}
