/**
 * A real Redis for a test file, from Debian's package: a free loopback
 * port, a temp dir, nothing saved to disk (a restarted Redis comes back
 * empty, as after a crash without persistence). kill() is SIGKILL; start()
 * brings it back on the same port.
 *
 * A watchdog started with each server holds a pipe from this process; when
 * the pipe closes (this process ended, however) it kills that server and
 * removes its dir.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../ports.ts'
import { until } from '../waits.ts'

const NOT_INSTALLED = 'Redis is not installed: apt-get install -y redis-server (the tests start it themselves)'

export type RedisServer = {
  port: number
  url: string
  /** SIGKILL: no goodbye to clients. */
  kill(): Promise<void>
  /** Starts it again on the same port (empty). */
  start(): Promise<void>
  /** Kills it and removes its dir. */
  destroy(): Promise<void>
}

function installed(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export async function startRedis(): Promise<RedisServer> {
  if (!installed()) throw new Error(NOT_INSTALLED)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-redis-'))
  const port = await freePort()
  let child: ChildProcess | null = null

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning']
    const started = spawn('redis-server', args, { cwd: dir, stdio: 'ignore' })
    child = started
    const watchdog = spawn('sh', ['-c', 'read _; kill -9 "$0" 2>/dev/null; rm -rf "$1"', String(started.pid), dir], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    })
    watchdog.unref()
    ;(watchdog.stdin as unknown as { unref?: () => void }).unref?.()
    started.once('exit', () => watchdog.kill())
    await untilAnswering(port)
  }

  const kill = async () => {
    const running = child
    child = null
    if (running === null || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }

  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    async destroy() {
      await kill()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Waits until Redis answers PING (it takes a few ms to start). */
function untilAnswering(port: number): Promise<void> {
  return until(() => pings(port), { what: `redis-server to answer on port ${port}`, timeoutMs: 10_000, everyMs: 50 })
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
  })
}
