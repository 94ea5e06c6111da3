/**
 * The server as a process (docs/design.md "Configuration, limits and bad input";
 * "Nothing acknowledged is ever lost"): a bad setting stops it with one
 * line, it announces where it listens, closes gracefully on SIGTERM, and an
 * acknowledged update survives kill -9.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { encodeClientFrame } from '../../shared/frames.ts'
import { createBoard, seal } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { spawnServer, whenListening } from '../kit/serverProcess.ts'

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-process-'))
  onTestFinished(() => fs.rm(dir, { recursive: true, force: true }))
  return dir
}

async function serverEnv(dataDir: string): Promise<Record<string, string>> {
  return { PORT: '0', DATA_DIR: dataDir, STATIC_DIR: path.join(dataDir, 'no-client-here') }
}

describe('the server process', () => {
  it.each([
    [{ PORT: 'abc' }, /^common-ground: PORT must be a whole number from 0 to 65535, not "abc"\n$/],
    [{ PORT: '70000' }, /^common-ground: PORT .*"70000"\n$/],
    [{ DATA_DIR: '' }, /^common-ground: DATA_DIR is empty.*\n$/],
    [{ COMMON_GROUND_MODE: 'fast' }, /^common-ground: unknown setting COMMON_GROUND_MODE\n$/],
    [{ REDIS_URL: 'redis://localhost' }, /^common-ground: REDIS_URL is set without DATABASE_URL.*\n$/],
    [
      { TRUST_PROXY: '127.0.0.1,localhost' },
      /^common-ground: TRUST_PROXY must list proxies' IP addresses or CIDR ranges.*"localhost" is neither\n$/,
    ],
  ])('a malformed or unknown setting %o stops it at start with one line on stderr and exit code 1', async (env, line) => {
    const server = spawnServer({ DATA_DIR: await tempDir(), ...env })
    expect(await server.exited).toEqual({ code: 1, signal: null })
    expect(server.stderr()).toMatch(line)
    expect(server.stdout()).toBe('')
  })

  it('prints one line saying where it listens, and on SIGTERM closes sockets with 1012 and exits 0', async () => {
    const dataDir = await tempDir()
    const server = spawnServer(await serverEnv(dataDir))
    const address = await whenListening(server)
    expect(address.dataDir).toBe(dataDir)
    const board = await createBoard(address)
    const { client } = await joinBoard(address, board)
    server.child.kill('SIGTERM')
    expect(await client.waitForClose()).toEqual({ code: 1012, reason: 'server restarting' })
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(server.stdout().trim().split('\n')).toHaveLength(1)
  })

  it('every acknowledged update survives kill -9, byte for byte', async () => {
    const dataDir = await tempDir()
    const first = spawnServer(await serverEnv(dataDir))
    const address = await whenListening(first)
    const board = await createBoard(address)
    const writers = await Promise.all([0, 1, 2].map(() => joinBoard(address, board)))
    const acked = new Map<number, Uint8Array>()
    const perWriter = 100
    const window = 5
    const killAfter = 150

    const killed = new Promise<void>((resolveKilled) => {
      writers.forEach(async ({ client }, w) => {
        const sealed = await Promise.all(Array.from({ length: perWriter }, (_, i) => seal(board, `writer ${w} update ${i}`)))
        let sent = 0
        const sendNext = () => {
          if (sent < perWriter) client.socket.send(encodeClientFrame({ tag: 'pushUpdate', ref: sent, sealed: sealed[sent++]! }))
        }
        client.socket.on('message', () => {
          for (const frame of client.frames.splice(0)) {
            if (frame.tag !== 'ack') continue
            acked.set(frame.seq, sealed[frame.ref]!)
            if (acked.size === killAfter) {
              // Mid-stream: every writer still has updates in flight.
              first.child.kill('SIGKILL')
              resolveKilled()
            }
            sendNext()
          }
        })
        for (let i = 0; i < window; i++) sendNext()
      })
    })
    await killed
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' })
    expect(acked.size).toBeGreaterThanOrEqual(killAfter)

    const second = spawnServer(await serverEnv(dataDir))
    const restarted = await whenListening(second)
    const reader = await joinBoard(restarted, board)
    const replayed = new Map(reader.replay.flatMap((entry) => (entry.tag === 'entry' ? [[entry.seq, entry.sealed] as const] : [])))
    for (const [seq, sealed] of acked) expect(Buffer.from(replayed.get(seq) ?? [])).toEqual(Buffer.from(sealed))
    // No holes: seqs are 1..head, whatever was committed without an ack is there too.
    expect([...replayed.keys()]).toEqual(Array.from({ length: reader.headSeq }, (_, i) => i + 1))
    expect(reader.headSeq).toBeGreaterThanOrEqual(Math.max(...acked.keys()))
  })
})
