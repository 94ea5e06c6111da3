/**
 * The real server as a child process (`node --import tsx server/index.ts`),
 * for what only a process can show: its stdout line, its exit code, and
 * surviving kill -9. Only the child's own pid is ever signalled.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const LISTENING = /^Common Ground listening on (http:\/\/\S+):(\d+) \(data in (.+)\)$/

export type ServerProcess = {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Spawns the server with exactly `env` (plus PATH and HOME); it is killed when the test ends. */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
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
