/**
 * The real server (`server/index.ts`, as `npm run serve` runs it) as a
 * child process on a fixed loopback port, so clients reconnect to the same
 * address after each crash. Only this child's own pid is ever signalled.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const START_TIMEOUT_MS = 30_000

/** Every client comes from 127.0.0.1: the per-address limits would otherwise be the test's bottleneck. */
const LOOPBACK_LIMITS = {
  COMMON_GROUND_MAX_SOCKETS_PER_IP: '100000',
  COMMON_GROUND_MAX_UNAUTHENTICATED_PER_IP: '100000',
  COMMON_GROUND_BOARD_CREATES_PER_HOUR: '100000',
}

export class ServerUnderTest {
  #child: ChildProcess | null = null
  #stderr = ''

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    /** What node runs: the server from its sources unless told (the fsync test runs a flipped one). */
    private readonly entry: readonly string[] = ['--import', 'tsx', 'server/index.ts'],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`
  }

  /** What the server wrote to stderr over all its lives: its log lines. */
  get stderr(): string {
    return this.#stderr
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [...this.entry], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(this.port), STATIC_DIR: path.join(repoRoot, 'no-client-here'), ...LOOPBACK_LIMITS, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.#child = child
    child.stderr!.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()))
    const lines = readline.createInterface({ input: child.stdout! })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not listen within ${START_TIMEOUT_MS} ms: ${this.#stderr}`)), START_TIMEOUT_MS)
      lines.once('line', (line) => {
        clearTimeout(timer)
        if (line.startsWith('Common Ground listening on')) resolve()
        else reject(new Error(`the server printed ${JSON.stringify(line)}: ${this.#stderr}`))
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the server exited ${code} before listening: ${this.#stderr}`))
      })
    })
  }

  /** SIGKILL: no graceful close, nothing flushed that was not already. */
  async kill(): Promise<void> {
    const child = this.#child
    this.#child = null
    if (child === null || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}
