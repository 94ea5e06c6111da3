/**
 * A bench server as a child process, driven over its stdin/stdout lines
 * (serverLines.ts): `port N` once listening, `rss` → `rss N`, and stdin
 * closed to stop it. Only the child's own pid is ever signalled. Ours is
 * bench/log/logServer.ts; the reference Yjs servers are in bench/relay/referenceServers/.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { onServerCpu } from './cpuPinning.ts'

export const VARIANTS = ['durable', 'per-frame', 'memory'] as const
/** The first table's servers, and `in-thread` (the SQLite log on the event loop) for the snapshot-stall comparison. */
export type Variant = (typeof VARIANTS)[number] | 'in-thread'

export type LaunchOptions = {
  /** Start it on the server's core (cpuPinning.ts), away from the load generator. */
  pinned?: boolean
  /** Node flags before the script, e.g. `--cpu-prof`. */
  execArgv?: readonly string[]
}

export type ServerProcess = {
  label: string
  /** The Node process itself: taskset execs it, so the pid is the same either way. */
  pid: number
  port: number
  url: string
  /** The child's resident set size now, in bytes. */
  rss(): Promise<number>
  /** One of the counters the server answers besides `rss` (serverLines.ts), by name. */
  ask(name: string): Promise<number>
  /** Closes its stdin (a graceful close); kills it by pid if it has not exited in time. */
  stop(): Promise<void>
}

export type BenchServer = ServerProcess & { variant: Variant; wsUrl: string }

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Starting includes tsx compiling the server, which takes a few seconds on a cold cache. */
const START_TIMEOUT_MS = 20_000
const ANSWER_TIMEOUT_MS = 5_000
/** Longer than the server's own 2 s wait for closing handshakes. */
const STOP_TIMEOUT_MS = 5_000

export async function startBenchServer(variant: Variant, options: LaunchOptions = {}): Promise<BenchServer> {
  const server = await startServerProcess(variant, ['bench/log/logServer.ts', variant], options)
  return { ...server, variant, wsUrl: `ws://127.0.0.1:${server.port}/ws` }
}

/** Starts `node --import tsx <script> <args…>` from the repository root. */
export async function startServerProcess(
  label: string,
  scriptAndArgs: readonly string[],
  options: LaunchOptions = {},
): Promise<ServerProcess> {
  const [command, ...args] = onServerCpu([process.execPath, ...(options.execArgv ?? []), '--import', 'tsx', ...scriptAndArgs])
  const child = spawn(command!, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]()

  /** The child answers one request at a time, so its next line is the answer. */
  async function readNumber(name: string, timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label} server: no "${name} N" within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      const line = await Promise.race([lines.next(), timedOut])
      if (line.done) throw new Error(`${label} server exited before printing "${name} N"`)
      const match = new RegExp(`^${name} (\\d+)$`).exec(line.value)
      if (!match) throw new Error(`${label} server printed "${line.value}", expected "${name} N"`)
      return Number(match[1])
    } finally {
      clearTimeout(timer)
    }
  }

  function ask(name: string): Promise<number> {
    child.stdin!.write(`${name}\n`)
    return readNumber(name, ANSWER_TIMEOUT_MS)
  }

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.stdin!.end()
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    await exited
    clearTimeout(killer)
  }

  try {
    const port = await readNumber('port', START_TIMEOUT_MS)
    return {
      label,
      pid: child.pid!,
      port,
      url: `http://127.0.0.1:${port}`,
      rss: () => ask('rss'),
      ask,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
