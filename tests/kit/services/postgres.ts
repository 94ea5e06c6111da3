/**
 * A real PostgreSQL 15 for a test file, from Debian's package: its own data
 * dir in tmp, a free loopback port, trust auth, fsync on (durability is what
 * the tests check). PostgreSQL refuses to run as root, so as root every
 * command runs as the `postgres` user, in a temp dir that user owns.
 *
 * A test run that dies without calling destroy() must not leave the server
 * running: a watchdog started with it holds a pipe from this process, and
 * when the pipe closes (this process ended, however) it stops the server
 * and removes its dir.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from '../ports.ts'

const BIN = '/usr/lib/postgresql/15/bin'
const NOT_INSTALLED = 'PostgreSQL 15 is not installed: apt-get install -y postgresql (the tests start it themselves)'

export type PostgresServer = {
  port: number
  /** A URL for `database` on this server, as the superuser (trust auth: no password). */
  urlFor(database: string): string
  /** A fresh, empty database; its URL. */
  createDatabase(): Promise<string>
  /** A clean shutdown (pg_ctl stop -m fast). */
  stop(): Promise<void>
  /** A crash: no shutdown checkpoint (pg_ctl stop -m immediate). */
  kill(): Promise<void>
  /** Starts it again on the same data dir and port. */
  start(): Promise<void>
  /** Stops it and removes its data dir. */
  destroy(): Promise<void>
}

/** As root, runs `argv` as the postgres user; otherwise as this user. */
function asServerUser(argv: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0]!, argv.slice(1)]
}

async function run(argv: string[], cwd: string): Promise<void> {
  const [command, args] = asServerUser(argv)
  try {
    await promisify(execFile)(command, args, { cwd })
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string }
    throw new Error(`${path.basename(argv[0]!)} failed: ${(stderr || message).trim()}`, { cause: error })
  }
}

function ownedByServerUser(dir: string): void {
  if (process.getuid?.() !== 0) return
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }))
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }))
  fs.chownSync(dir, uid, gid)
}

/**
 * Stops the server and removes its dir when this process's end closes the
 * watchdog's stdin. In a session of its own, so a Ctrl-C reaches it only
 * through that pipe.
 */
function startWatchdog(dir: string): ChildProcess {
  const [command, args] = asServerUser(['sh', '-c', `read _; ${BIN}/pg_ctl stop -D "$0/data" -m immediate; rm -rf "$0"`, dir])
  const watchdog = spawn(command, args, { cwd: dir, detached: true, stdio: ['pipe', 'ignore', 'ignore'] })
  watchdog.unref()
  ;(watchdog.stdin as unknown as { unref?: () => void }).unref?.()
  return watchdog
}

export async function startPostgres(): Promise<PostgresServer> {
  if (!fs.existsSync(`${BIN}/initdb`) || !fs.existsSync(`${BIN}/pg_ctl`)) throw new Error(NOT_INSTALLED)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-pg-'))
  ownedByServerUser(dir)
  const dataDir = path.join(dir, 'data')
  await run(
    [`${BIN}/initdb`, '-D', dataDir, '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    dir,
  )
  const port = await freePort()
  const settings = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=on`
  const start = () =>
    run([`${BIN}/pg_ctl`, 'start', '-D', dataDir, '-w', '-t', '30', '-l', path.join(dir, 'server.log'), '-o', settings], dir)
  const stopWith = (mode: 'fast' | 'immediate') => run([`${BIN}/pg_ctl`, 'stop', '-D', dataDir, '-w', '-m', mode], dir)
  await start()
  const watchdog = startWatchdog(dir)
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  let databases = 0

  return {
    port,
    urlFor,
    async createDatabase() {
      const name = `test_${++databases}`
      await withPostgresClient(urlFor('postgres'), (admin) => admin.query(`CREATE DATABASE ${name}`))
      return urlFor(name)
    },
    stop: () => stopWith('fast'),
    kill: () => stopWith('immediate'),
    start,
    async destroy() {
      await stopWith('fast').catch(() => {}) // already stopped by the test
      if (watchdog.exitCode === null && watchdog.signalCode === null) {
        const exited = new Promise((resolve) => watchdog.once('exit', resolve))
        // Unreferenced so it never keeps a test run alive; while we wait for it here, it must.
        watchdog.ref()
        watchdog.stdin?.end()
        await exited
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A plain connection of its own, outside any log's pool: how a test looks at or holds the database. */
export async function withPostgresClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
