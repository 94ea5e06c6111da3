/**
 * Checks and orderings for values read from the doc, shared by its readers:
 * a value may come from another version of the app or a faulty device, and
 * every screen must order things alike whatever order its copy holds them in.
 */

/** A time in milliseconds: a finite number, not NaN, not text. */
export function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** Breaks a tie (the same millisecond on two devices) by id, so every screen agrees on the order. */
export function compareIds(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
