/**
 * Loaded INTO the server process under test by the soak (`node --import tsx
 * --import ./proof/soak/timerCensusPreload.mjs server/index.ts`); the server
 * itself never imports it. Timers cannot be counted from outside the
 * process, and `process.getActiveResourcesInfo()` leaves out unref'd ones
 * (the relay's clock is unref'd), so every Timeout is followed from its
 * creation to its end with an async hook.
 *
 * On SIGUSR2 it writes one line to stderr (timerCensus.ts reads it):
 *   timer-census {"timers":N,"timerKinds":{"10000 ms tellTime (repeating)":1,…},"refedResources":{…},"heapUsedBytes":N}
 *
 * Plain JavaScript: worker threads inherit the --import, and in Node 20 a
 * worker has no tsx to load TypeScript with.
 */
import { createHook } from 'node:async_hooks'
import { isMainThread } from 'node:worker_threads'

// Signals reach only the main thread; the SQLite log's worker is left alone.
if (isMainThread) {
  /** asyncId → what the timer is: its delay and its callback's name, so a leak can be traced to its source. */
  const liveTimers = new Map()
  createHook({
    init(asyncId, type, _trigger, resource) {
      if (type === 'Timeout')
        liveTimers.set(
          asyncId,
          `${resource._idleTimeout} ms ${resource._onTimeout?.name || 'anonymous'}${resource._repeat ? ' (repeating)' : ''}`,
        )
    },
    destroy(asyncId) {
      liveTimers.delete(asyncId)
    },
  }).enable()

  process.on('SIGUSR2', () => {
    const refedResources = {}
    for (const type of process.getActiveResourcesInfo()) refedResources[type] = (refedResources[type] ?? 0) + 1
    const timerKinds = {}
    for (const kind of liveTimers.values()) timerKinds[kind] = (timerKinds[kind] ?? 0) + 1
    const census = { timers: liveTimers.size, timerKinds, refedResources, heapUsedBytes: process.memoryUsage().heapUsed }
    // The prefix is TIMER_CENSUS_PREFIX of timerCensus.ts, which cannot be imported from here.
    process.stderr.write(`timer-census ${JSON.stringify(census)}\n`)
  })
}
