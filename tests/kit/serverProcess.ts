/**
 * The real server as a child process (`node --import tsx server/index.ts`, or compiled),
 * for what only a process can show: its stdout line, its exit code, and
 * surviving kill -9. Only the child's own pid is ever signalled.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const LISTENING = /^Common Ground listening on (http:\/\/\S+):(\d+) \(data in (.+)\)$/

export type ServerProcess = {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** The server run from its sources, as `npm run serve` does. */
const FROM_SOURCES = ['--import', 'tsx', 'server/index.ts']

/**
 * Spawns the server with exactly `env` (plus PATH and HOME); it is killed when
 * the test ends. `nodeArgs` name what node runs: the sources by default, or a
 * compiled entry.
 */
export function spawnServer(env: Record<string, string>, nodeArgs: readonly string[] = FROM_SOURCES): ServerProcess {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
  })
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

/** Waits for the listening line and returns the addresses it names. */
export async function whenListening(server: ServerProcess, timeoutMs = 15_000): Promise<{ url: string; wsUrl: string; port: number; dataDir: string }> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const line = server.stdout().split('\n')[0]!
    const match = LISTENING.exec(line)
    if (match) {
      const [, base, port, dataDir] = match
      return { url: `${base}:${port}`, wsUrl: `${base!.replace('http', 'ws')}:${port}/ws`, port: Number(port), dataDir: dataDir! }
    }
    if (server.child.exitCode !== null) throw new Error(`the server exited ${server.child.exitCode}: ${server.stderr()}`)
    if (Date.now() > deadline) throw new Error(`the server did not start: ${server.stderr()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export type RunningProcess = ServerProcess & Awaited<ReturnType<typeof whenListening>> & {
  /** The server's resident memory now, in bytes (from /proc). */
  rssBytes(): number
}

/**
 * Starts the real server process on a free port with a fresh data dir
 * (removed with the test) and `env` on top, and waits until it listens.
 */
export async function startServerProcess(env: Record<string, string> = {}, dataDir?: string): Promise<RunningProcess> {
  const dir = dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-process-')))
  if (dataDir === undefined) onTestFinished(() => fs.rm(dir, { recursive: true, force: true }))
  const server = spawnServer({ PORT: '0', DATA_DIR: dir, STATIC_DIR: path.join(dir, 'no-client-here'), ...env })
  const address = await whenListening(server)
  return { ...server, ...address, rssBytes: () => residentBytes(server.child.pid!) }
}

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)
  if (kilobytes === null) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kilobytes[1]) * 1024
}
