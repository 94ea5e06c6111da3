/**
 * The one way the kit runs the real server as a child process (`node
 * --import tsx server/index.ts`, as `npm run serve` does, or a compiled or
 * deliberately faulty entry), for what only a process can show: its
 * listening line, its exit code, surviving kill -9. Only the child's own
 * pid is ever signalled; a child still running when its test ends is killed
 * (teardown.ts), and a bench or proof kills its own.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { memoryOf } from './procStats.ts'
import { afterThisTest } from './teardown.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const LISTENING = /^Common Ground listening on (http:\/\/\S+):(\d+) \(data in (.+)\)$/m
/** Starting includes tsx compiling the server, which takes a few seconds on a cold cache. */
const START_TIMEOUT_MS = 30_000

/** What node runs for the real server, from its sources. */
export const SERVER_FROM_SOURCES = ['--import', 'tsx', 'server/index.ts'] as const

export type Exit = { code: number | null; signal: NodeJS.Signals | null }

export type ServerProcess = {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<Exit>
}

export type Listening = { url: string; wsUrl: string; port: number; dataDir: string }

/**
 * Spawns the server from the repository root with exactly `env` (plus PATH
 * and HOME); `nodeArgs` name what node runs: the sources by default, or a
 * compiled or faulty entry.
 */
export function spawnServer(env: Record<string, string>, nodeArgs: readonly string[] = SERVER_FROM_SOURCES): ServerProcess {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  afterThisTest(() => killProcess({ child, exited }))
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

/** Resolves with the addresses its listening line names, as soon as it is printed; rejects if it exits first or takes too long. */
export function whenListening(server: ServerProcess, timeoutMs = START_TIMEOUT_MS): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = LISTENING.exec(server.stdout())
      if (match === null) return
      const [, base, port, dataDir] = match
      done()
      resolve({ url: `${base}:${port}`, wsUrl: `${base!.replace('http', 'ws')}:${port}/ws`, port: Number(port), dataDir: dataDir! })
    }
    const exitedFirst = (code: number | null, signal: NodeJS.Signals | null) => {
      done()
      reject(new Error(`the server exited ${code ?? signal} before listening: ${server.stderr()}`))
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`the server did not listen within ${timeoutMs} ms: ${server.stderr()}`))
    }, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      server.child.stdout!.off('data', check)
      server.child.off('exit', exitedFirst)
    }
    server.child.stdout!.on('data', check)
    server.child.once('exit', exitedFirst)
    check()
    const { exitCode, signalCode } = server.child
    if (exitCode !== null || signalCode !== null) exitedFirst(exitCode, signalCode)
  })
}

/** SIGKILL, and waits for the exit: no graceful close, nothing flushed that was not already. */
export async function killProcess({ child, exited }: Pick<ServerProcess, 'child' | 'exited'>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGKILL')
  await exited
}

export type RunningProcess = ServerProcess &
  Listening & {
    /** The server's resident memory now, in bytes (from /proc). */
    rssBytes(): number
  }

/**
 * Starts the real server process on a free port with a fresh data dir
 * (removed with the test) and `env` on top, and waits until it listens.
 */
export async function startServerProcess(env: Record<string, string> = {}, dataDir?: string): Promise<RunningProcess> {
  const dir = dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-process-')))
  if (dataDir === undefined) afterThisTest(() => fs.rm(dir, { recursive: true, force: true }))
  const server = spawnServer({ PORT: '0', DATA_DIR: dir, STATIC_DIR: path.join(dir, 'no-client-here'), ...env })
  const address = await whenListening(server)
  return { ...server, ...address, rssBytes: () => memoryOf(server.child.pid!).rssBytes }
}

/** Every client of a proof comes from 127.0.0.1: the per-address limits would otherwise be its bottleneck. */
const LOOPBACK_LIMITS = {
  COMMON_GROUND_MAX_SOCKETS_PER_IP: '100000',
  COMMON_GROUND_MAX_UNAUTHENTICATED_PER_IP: '100000',
  COMMON_GROUND_BOARD_CREATES_PER_HOUR: '100000',
}

/**
 * A server process that lives several lives on one fixed loopback port, so
 * clients reconnect to the same address after each crash: the crash test,
 * the soak and the storm kill it and start it again on the same store.
 */
export class RestartableServer {
  #running: ServerProcess | null = null
  #pastStderr = ''

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    /** What node runs: the server from its sources unless told (a test runs a faulty one). */
    private readonly nodeArgs: readonly string[] = SERVER_FROM_SOURCES,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`
  }

  /** The pid of the life running now. */
  get pid(): number {
    const pid = this.#running?.child.pid
    if (pid === undefined) throw new Error('the server is not running')
    return pid
  }

  /** What the server wrote to stderr over all its lives: its log lines. */
  get stderr(): string {
    return this.#pastStderr + (this.#running?.stderr() ?? '')
  }

  async start(): Promise<void> {
    const env = {
      HOST: '127.0.0.1',
      PORT: String(this.port),
      STATIC_DIR: path.join(repoRoot, 'no-client-here'),
      ...LOOPBACK_LIMITS,
      ...this.env,
    }
    this.#running = spawnServer(env, this.nodeArgs)
    await whenListening(this.#running)
  }

  /** SIGKILL: no graceful close, nothing flushed that was not already. */
  async kill(): Promise<void> {
    const running = this.#running
    if (running === null) return
    this.#running = null
    await killProcess(running)
    this.#pastStderr += running.stderr()
  }
}
