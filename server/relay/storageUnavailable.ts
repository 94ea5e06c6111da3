/**
 * The log failed (database error, disk full). The socket is closed with 4503
 * ("try again later"): the client keeps its unacknowledged edits and resends
 * them on reconnect. `cause` is logged, never sent to the client.
 */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'StorageUnavailableError'
  }
}

/** Runs a log call, turning its failure into StorageUnavailableError. */
export async function fromStorage<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw new StorageUnavailableError(error)
  }
}
