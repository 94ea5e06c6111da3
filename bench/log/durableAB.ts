/**
 * A/B of where the SQLite log's durability costs CPU: the same updates
 * driven through the relay's append path (AppendBatcher) into (a) the log
 * on its own thread (synchronous = FULL, workerBoardLog.ts) and (b) the log
 * on the event loop committing with synchronous = NORMAL, made durable by
 * one fdatasync of the `-wal` file on libuv's pool (walSync.ts). Reports
 * the process's CPU (every thread: event loop, log thread, pool) per update,
 * so a shared machine's other load does not enter it, as it would wall time.
 *
 *   node --import tsx bench/log/durableAB.ts [updates=20000] [boards=100] [rounds=3]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from '../../shared/crypto.ts'
import { AppendBatcher } from '../../server/relay/appendBatcher.ts'
import { openSqliteBoardLog, SQLITE_FILE_NAME } from '../../server/log/sqlite.ts'
import { openWorkerBoardLog } from '../../server/log/workerBoardLog.ts'
import { WalSync } from '../../server/log/walSync.ts'
import type { AppendItem, AppendResult, BoardLog } from '../../server/log/types.ts'

const [updates = 20_000, boards = 100, rounds = 3] = process.argv.slice(2).map(Number)

type Variant = { name: string; open(dataDir: string): Promise<Pick<BoardLog, 'createBoard' | 'append' | 'close'>> }

/** (b): commit on the event loop into the OS cache, then one pooled fdatasync covers every commit before it. */
async function openPoolFsyncLog(dataDir: string) {
  const log = openSqliteBoardLog(dataDir, { durability: 'wal-write' })
  const wal = new WalSync(path.join(dataDir, `${SQLITE_FILE_NAME}-wal`))
  return {
    createBoard: (boardId: string, tokenHash: string) => log.createBoard(boardId, tokenHash),
    async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
      const results = await log.append(items)
      await wal.sync()
      return results
    },
    async close() {
      wal.close()
      await log.close()
    },
  }
}

const VARIANTS: Variant[] = [
  { name: 'log thread, synchronous=FULL', open: (dataDir) => openWorkerBoardLog(dataDir) },
  { name: 'event loop, NORMAL + pooled fdatasync', open: openPoolFsyncLog },
]

/** Every board keeps one update in flight, as a writer waiting for its ack does; returns CPU µs per update. */
async function cpuPerUpdate(variant: Variant): Promise<{ cpuUs: number; batches: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-ab-'))
  const log = await variant.open(dataDir)
  const boardIds = Array.from({ length: boards }, (_, i) => `board-${i}`)
  for (const boardId of boardIds) await log.createBoard(boardId, 'hash')
  const frames = Array.from({ length: 256 }, (_, i) => randomBytes(100 + ((i * 37) % 201)))
  let batches = 0
  const batcher = new AppendBatcher(
    {
      append: (items) => {
        batches++
        return log.append(items)
      },
    },
    () => {},
  )
  let sent = 0
  const started = process.cpuUsage()
  await Promise.all(
    boardIds.map(
      (boardId) =>
        new Promise<void>((done, failed) => {
          const push = () => {
            if (sent >= updates) return done()
            const item: AppendItem = { kind: 'update', boardId, sealed: frames[sent++ % frames.length]! }
            batcher.enqueue({ item, stored: push, boardGone: failed, refused: failed, failed })
          }
          push()
        }),
    ),
  )
  const used = process.cpuUsage(started)
  await log.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  return { cpuUs: (used.user + used.system) / updates, batches }
}

const results = new Map<string, number[]>(VARIANTS.map(({ name }) => [name, []]))
// A first round of each warms the JIT and the page cache; it is not counted.
for (let round = 0; round <= rounds; round++) {
  for (const variant of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
    const { cpuUs, batches } = await cpuPerUpdate(variant)
    if (round > 0) results.get(variant.name)!.push(cpuUs)
    process.stdout.write(
      `${round === 0 ? 'warm-up' : `round ${round}`}: ${variant.name}: ${cpuUs.toFixed(1)} µs CPU/update, ${batches} commits\n`,
    )
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const [a, b] = VARIANTS.map(({ name }) => median(results.get(name)!))
process.stdout.write(`\nmedian of ${rounds}, ${updates} updates over ${boards} boards:\n`)
process.stdout.write(`  (a) ${VARIANTS[0]!.name}: ${a!.toFixed(1)} µs CPU/update\n`)
process.stdout.write(`  (b) ${VARIANTS[1]!.name}: ${b!.toFixed(1)} µs CPU/update\n`)
process.stdout.write(`  b ÷ a = ${(b! / a!).toFixed(2)}\n`)
