/**
 * A bench server (bench/server.ts) as a child process, driven over its
 * stdin/stdout lines: `port N` once listening, `rss` → `rss N`, and stdin
 * closed to stop it. Only the child's own pid is ever signalled.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'

export const VARIANTS = ['durable', 'per-frame', 'memory'] as const
export type Variant = (typeof VARIANTS)[number]

export type BenchServer = {
  variant: Variant
  url: string
  wsUrl: string
  /** The child's resident set size now, in bytes. */
  rss(): Promise<number>
  /** Closes its stdin (a graceful close); kills it by pid if it has not exited in time. */
  stop(): Promise<void>
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Starting includes tsx compiling the server, which takes a few seconds on a cold cache. */
const START_TIMEOUT_MS = 20_000
const ANSWER_TIMEOUT_MS = 5_000
/** Longer than the server's own 2 s wait for closing handshakes. */
const STOP_TIMEOUT_MS = 5_000

export async function startBenchServer(variant: Variant): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', variant], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]()

  /** The child answers one request at a time, so its next line is the answer. */
  async function readNumber(label: string, timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${variant} server: no "${label} N" within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      const line = await Promise.race([lines.next(), timedOut])
      if (line.done) throw new Error(`${variant} server exited before printing "${label} N"`)
      const match = new RegExp(`^${label} (\\d+)$`).exec(line.value)
      if (!match) throw new Error(`${variant} server printed "${line.value}", expected "${label} N"`)
      return Number(match[1])
    } finally {
      clearTimeout(timer)
    }
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
      variant,
      url: `http://127.0.0.1:${port}`,
      wsUrl: `ws://127.0.0.1:${port}/ws`,
      rss() {
        child.stdin!.write('rss\n')
        return readNumber('rss', ANSWER_TIMEOUT_MS)
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
