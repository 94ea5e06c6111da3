/**
 * A server process started under `strace -f`, every thread traced (the
 * SQLite log commits on a worker thread of the same process). Only the
 * calls that write or sync are stopped at (--seccomp-bpf), so the rest of
 * the server runs at full speed. Only our own strace child and the server
 * it started are ever signalled, by pid.
 */
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { until } from '../waits.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const LISTENING = /^Common Ground listening on (http:\/\/\S+?)(?: \(|$)/m
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 15_000

/** Every way a process may write a file or a socket, and both ways to sync. */
export const TRACED_CALLS = ['fsync', 'fdatasync', 'write', 'pwrite64', 'writev', 'pwritev', 'pwritev2', 'sendmsg', 'sendto']
/** Large enough that no WAL page or socket write the load makes is printed cut. */
const STRING_LIMIT = 1 << 20

/** Throws with one line saying what to do when strace is missing or may not trace here. */
export function assertStraceWorks(): void {
  const probe = spawnSync('strace', ['-f', '--seccomp-bpf', '-o', '/dev/null', '-e', 'trace=fsync', 'true'], { encoding: 'utf8' })
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error('strace is not installed: apt-get install -y strace')
  if (probe.error !== undefined) throw new Error(`strace could not be run: ${probe.error.message}`)
  if (probe.status !== 0) {
    const reason = probe.stderr.trim().split('\n')[0] || `exit code ${probe.status}`
    throw new Error(`strace cannot trace here (is ptrace permitted? a container needs CAP_SYS_PTRACE): ${reason}`)
  }
}

export type TracedServer = {
  url: string
  wsUrl: string
  /** Stops the server with SIGTERM (it drains and closes), waits for strace to finish writing, and returns what the server wrote to stderr. */
  stop(): Promise<string>
  /** Cuts both processes off; for teardown after a failure. */
  kill(): void
}

/**
 * Starts `node <entry>` from the repository root under strace, writing the
 * trace to `traceFile`, with exactly `env` (plus PATH and HOME), and waits
 * for its listening line.
 */
export async function startTracedServer(entry: readonly string[], env: Record<string, string>, traceFile: string): Promise<TracedServer> {
  const strace = spawn(
    'strace',
    [
      '-f',
      '--seccomp-bpf',
      '-tt',
      '-yy',
      '-xx',
      '-s',
      String(STRING_LIMIT),
      '-o',
      traceFile,
      '-e',
      `trace=${TRACED_CALLS.join(',')}`,
      process.execPath,
      ...entry,
    ],
    { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  strace.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  strace.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => strace.once('exit', (code) => resolve(code)))
  // The server is strace's only child; its pid is known once strace has started it.
  const serverPid = (): number | null => {
    try {
      return Number(readFileSync(`/proc/${strace.pid}/task/${strace.pid}/children`, 'utf8').trim().split(/\s+/)[0]) || null
    } catch {
      return null // strace has already exited
    }
  }
  const kill = () => {
    const pid = strace.exitCode === null ? serverPid() : null
    if (pid !== null) process.kill(pid, 'SIGKILL')
    if (strace.exitCode === null) strace.kill('SIGKILL')
  }

  await until(() => strace.exitCode !== null || LISTENING.test(stdout), {
    what: 'the traced server to listen',
    timeoutMs: START_TIMEOUT_MS,
    everyMs: 20,
  }).catch((error: Error) => {
    kill()
    throw new Error(`${error.message}: ${stderr.trim()}`)
  })
  if (strace.exitCode !== null) throw new Error(`the traced server exited ${strace.exitCode} before listening: ${stderr.trim()}`)
  const url = LISTENING.exec(stdout)![1]!

  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
    kill,
    async stop() {
      const pid = serverPid()
      if (pid !== null) process.kill(pid, 'SIGTERM')
      const timer = setTimeout(kill, STOP_TIMEOUT_MS)
      const code = await exited
      clearTimeout(timer)
      if (code !== 0) throw new Error(`the traced server did not stop cleanly (exit ${code}): ${stderr.trim()}`)
      return stderr
    },
  }
}
