/**
 * Every wait has a limit, so a stuck server fails a test or ends a run
 * instead of hanging it. Wait for an event when there is one (`within` a
 * promise the code under test resolves); poll with `until` only for state
 * that announces nothing.
 */

/** `promise`, or a rejection naming `what` once `ms` have passed. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms)))
  try {
    return await Promise.race([promise, timedOut])
  } finally {
    clearTimeout(timer)
  }
}

export type UntilOptions = {
  /** What is awaited, for the timeout's message (an expect()'s own message says it better when `check` throws). */
  what?: string
  /** 5 s unless set. */
  timeoutMs?: number
  /** How often `check` is asked; a few ms, so a wait ends soon after the state changes. */
  everyMs?: number
}

/**
 * Resolves once `check` holds: returns (or resolves to) true, or returns
 * without throwing (an `expect()`). Asked again every few ms, across macrotasks, so commits
 * scheduled with setImmediate or on another thread get to run. On timeout
 * it throws the check's last error, or one naming `what`.
 */
export async function until(
  check: () => boolean | void | Promise<boolean | void>,
  whatOrOptions: string | UntilOptions = {},
): Promise<void> {
  const {
    what = 'the condition',
    timeoutMs = 5000,
    everyMs = 2,
  } = typeof whatOrOptions === 'string' ? { what: whatOrOptions } : whatOrOptions
  const deadline = performance.now() + timeoutMs
  for (;;) {
    let lastError: unknown = null
    try {
      if ((await check()) !== false) return
    } catch (error) {
      lastError = error
    }
    if (performance.now() > deadline) throw lastError ?? new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

/** Whether `check` came to hold within the limit: for a bench or proof that reports a timeout rather than failing on it. */
export function cameTrue(check: () => boolean, options: UntilOptions = {}): Promise<boolean> {
  return until(check, options).then(
    () => true,
    () => false,
  )
}

/**
 * Lets everything this process has already set going run: pending promise
 * callbacks, setImmediate work (commits are batched on it) and the I/O of
 * loopback sockets, a few event-loop turns over. For asserting that something
 * did NOT happen while the other side is held still (a held commit, a
 * scripted server that says nothing): by then it would have.
 */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve))
}

/**
 * Time passing on purpose: a bench's pacing, a proof's sampling period. A
 * test never sleeps to let something happen; it waits for it (`within`,
 * `until`) or, to show that something does not happen, holds one side
 * still and asserts.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}

/** Runs `task` over `items` with at most `concurrency` at once; results in the items' order. */
export async function inBatches<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}

/**
 * `until` for a test whose setTimeout is faked: asks `check` between
 * event-loop turns (setImmediate, which the fake clock leaves real) until it
 * holds, for at most `timeoutMs` of real time.
 */
export async function settleUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await settle(1)
  }
}
