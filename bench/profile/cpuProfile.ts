/**
 * Reads a V8 .cpuprofile (written by `node --cpu-prof`): self time per
 * function, and how much of the thread's wall time went to better-sqlite3.
 *
 * Samples are attributed over a window of the monotonic clock (the same
 * clock as process.hrtime in the load generator), so setting up boards and
 * sockets does not count. Each sample lasts until the next one.
 *
 * SQLite time, by the frames a sample's stack holds:
 * - a frame in better-sqlite3's own JS counts for its self time. V8 gives
 *   its C++ methods no frames of their own: `stmt.run()` (SQLite itself,
 *   the commit's fsync included) is self time of the JS that called it. So
 *   `COMMIT` run by the `sqliteTransaction` wrapper counts, while a
 *   statement our own code runs counts as our function's time: the figure
 *   is a lower bound, and our functions that call SQLite show in the top;
 * - should a profile hold native frames named like better-sqlite3's methods
 *   (run, get, all, iterate, exec, prepare), called from better-sqlite3 or
 *   our server, they count with everything under them;
 * - the `sqliteTransaction` wrapper (db.transaction) is also reported with
 *   everything under it, our callback's own JS included.
 */
export type CpuProfile = {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/** Line and column are 0-based, as V8 writes them. */
export type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number }

type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] }

export type FunctionTime = { name: string; location: string; selfMs: number; share: number }

export type ProfileSummary = {
  wallMs: number
  /** False when the window did not overlap the profile, so the whole profile was used. */
  windowed: boolean
  idleMs: number
  top: FunctionTime[]
  sqliteMs: number
  transactionMs: number
}

const SQLITE_NATIVE_METHODS = new Set(['run', 'get', 'all', 'iterate', 'exec', 'prepare'])
const NOT_FUNCTIONS = new Set(['(root)', '(idle)'])

/** `locate` names where a frame's function is ("file:line"); the window is on the monotonic clock, in µs. */
export function summarizeProfile(
  profile: CpuProfile,
  window: { from: number; to: number } | null,
  topCount: number,
  locate: (frame: CallFrame) => string,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parentOf = new Map<number, ProfileNode>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node)
  const overlaps = window !== null && window.from < profile.endTime && window.to > profile.startTime
  const from = overlaps ? Math.max(window!.from, profile.startTime) : profile.startTime
  const to = overlaps ? Math.min(window!.to, profile.endTime) : profile.endTime

  const selfUs = new Map<number, number>()
  let at = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!
    const next = i + 1 < profile.samples.length ? at + profile.timeDeltas[i + 1]! : profile.endTime
    const lasted = Math.max(0, Math.min(next, to) - Math.max(at, from))
    if (lasted > 0) selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + lasted)
  }

  const isSqliteJs = (node: ProfileNode) => node.callFrame.url.includes('better-sqlite3')
  const isSqliteNative = (node: ProfileNode) => {
    const caller = parentOf.get(node.id)
    return (
      node.callFrame.url === '' &&
      SQLITE_NATIVE_METHODS.has(node.callFrame.functionName) &&
      caller !== undefined &&
      (isSqliteJs(caller) || caller.callFrame.url.includes('/server/'))
    )
  }
  const isTransaction = (node: ProfileNode) => isSqliteJs(node) && node.callFrame.functionName === 'sqliteTransaction'
  const hasAncestor = (node: ProfileNode, test: (n: ProfileNode) => boolean) => {
    for (let n: ProfileNode | undefined = node; n !== undefined; n = parentOf.get(n.id)) if (test(n)) return true
    return false
  }

  const byFunction = new Map<string, FunctionTime>()
  let sqliteUs = 0
  let transactionUs = 0
  let idleUs = 0
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!
    const { functionName } = node.callFrame
    if (functionName === '(idle)') idleUs += us
    if (isSqliteJs(node) || hasAncestor(node, isSqliteNative)) sqliteUs += us
    if (hasAncestor(node, isTransaction)) transactionUs += us
    if (NOT_FUNCTIONS.has(functionName)) continue
    const name = functionName || '(anonymous)'
    const location = locate(node.callFrame)
    const key = `${name} ${location}`
    const entry = byFunction.get(key) ?? { name, location, selfMs: 0, share: 0 }
    entry.selfMs += us / 1000
    byFunction.set(key, entry)
  }
  const wallMs = (to - from) / 1000
  const top = [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, topCount)
  for (const entry of top) entry.share = entry.selfMs / wallMs
  return { wallMs, windowed: overlaps, idleMs: idleUs / 1000, top, sqliteMs: sqliteUs / 1000, transactionMs: transactionUs / 1000 }
}
