/**
 * `npm run storm [-- --boards N]`: a reconnect storm against the real
 * server process (SQLite in a temp dir), on loopback, bounded in time.
 *
 * 2,000 real sync clients (two on each of 1,000 boards, each board with a
 * few dozen entries, every fourth with a snapshot) are connected; the
 * server is SIGKILLed and started again, and every client reconnects by
 * the provider's own back-off and resumes from the seq it holds. Then the
 * same again with every hello asking for the whole log (knownSeq 0), for
 * the bytes a resume saves. Prints a Markdown table and writes it to its
 * part of docs/reliability.md; exits 1 if the resumed
 * resync took longer than 30 s, the server's peak RSS passed its bound in
 * either storm, or a client lost anything.
 *
 * The back-off is the client's: y-websocket's min(2^n × 100 ms, 5 s), and
 * on top of it, after a drop, a random wait of up to a second
 * (client/sync/reconnectJitter.ts), so the clients do not all come back at
 * the same instants.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { sleep } from '../tests/kit/waits.ts'
import { memoryOf } from '../tests/kit/procStats.ts'
import { RestartableServer } from '../tests/kit/serverProcess.ts'
import { freePort } from '../tests/kit/ports.ts'
import { allowManyClients, SyncWarnings } from './load/loadClient.ts'
import { cardsPerBoard, prepareStormBoards, type StormShape } from './storm/stormBoards.ts'
import { commandLine, writeReliability } from './reliabilityDoc.ts'
import { stormResult, stormTable, type JudgedStorm } from './storm/stormReport.ts'
import { runStorm } from './storm/stormRun.ts'

const RESYNC_TARGET_MS = 30_000
/**
 * The server's peak RSS during a storm may pass the RSS it had just before
 * the kill, holding the same clients quietly, by what a resync holds only
 * while it runs: 32 MiB for 2,000 handshakes and connections being set up
 * at once (16 KiB each), and four copies of every replay in flight — the
 * log thread's answer, its copy on the main thread, the encoded frames, a
 * socket's unsent buffer. Garbage not yet collected has to fit in the same
 * room. A server that kept replays after sending them, or grew per socket
 * with every reconnect, passes it.
 */
const RSS_HEADROOM_BYTES = 32 * 1024 * 1024
const REPLAY_COPIES = 4
/** The whole run ends by itself after this, whatever happens. */
const WATCHDOG_MS = 5 * 60_000

function readArgs(argv: readonly string[]): { boards: number } {
  let boards = 1000
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--boards' && /^\d+$/.test(argv[i + 1] ?? '') && Number(argv[i + 1]) > 0) boards = Number(argv[++i])
    else {
      process.stderr.write(`storm: unknown argument ${JSON.stringify(argv[i])}; use --boards N (a positive whole number)\n`)
      process.exit(2)
    }
  }
  return { boards }
}

/** Log lines grouped by what they say, ids and numbers left out. */
function lineKinds(lines: readonly string[]): Record<string, number> {
  const kinds: Record<string, number> = {}
  for (const line of lines) {
    const kind = line
      .replace(/board=\S+/g, 'board=…')
      .replace(/peer=\S+/g, 'peer=…')
      .replace(/\d+/g, 'N')
    kinds[kind] = (kinds[kind] ?? 0) + 1
  }
  return kinds
}

const { boards } = readArgs(process.argv.slice(2))
const shape: StormShape = { boards, clientsPerBoard: 2, cardsBeforeSnapshot: 12, cardsAfterSnapshot: 3, snapshotEvery: 4 }
const command = commandLine('storm', process.argv.slice(2))
const startedOn = new Date()
const startedAt = performance.now()
const progress = (line: string) => void process.stderr.write(`storm ${((performance.now() - startedAt) / 1000).toFixed(1)} s: ${line}\n`)
allowManyClients()
const warnings = new SyncWarnings()
warnings.capture()

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-storm-'))
// RestartableServer lifts the per-address limits: every client is 127.0.0.1.
const server = new RestartableServer(await freePort(), { DATA_DIR: dataDir })
const watchdog = setTimeout(() => {
  process.stderr.write(`storm: still running after ${WATCHDOG_MS / 60_000} minutes; stopping\n`)
  void server.kill().finally(() => process.exit(1))
}, WATCHDOG_MS)

let exitCode = 1
try {
  await server.start()
  let pid = server.pid
  progress(`server listening on ${server.port}, RSS ${(memoryOf(pid).rssBytes / 2 ** 20).toFixed(0)} MiB`)
  const stormBoards = await prepareStormBoards(server, shape, progress)
  const clients = stormBoards.flatMap((storm) => storm.clients)
  progress(`${clients.length} clients on ${boards} boards hold ${cardsPerBoard(shape)} cards each`)
  await sleep(2000)
  const results: JudgedStorm[] = []
  for (const mode of ['resume', 'full replay'] as const) {
    const result = await runStorm(server, clients, mode, cardsPerBoard(shape), pid)
    pid = result.pid
    results.push({ ...result, rssBoundBytes: result.rssBeforeKillBytes + RSS_HEADROOM_BYTES + REPLAY_COPIES * result.resyncBytes })
    progress(
      `${mode}: down ${(result.downMs / 1000).toFixed(1)} s (start ${(result.startMs / 1000).toFixed(1)} s), every client replayed ${(result.allReplayDoneMs / 1000).toFixed(1)} s after listening, peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    )
    await sleep(2000)
  }
  const table = stormTable(command, boards, results, RESYNC_TARGET_MS)
  process.stdout.write(`${table}\n`)
  writeReliability('storm', { command, startedAt: startedOn, result: stormResult(boards, results, RESYNC_TARGET_MS), body: table })
  const serverLines = server.stderr.split('\n').filter((line) => line.trim() !== '')
  if (serverLines.length > 0)
    process.stdout.write(
      `\nThe server logged ${serverLines.length} lines over its three lives; kinds: ${JSON.stringify(lineKinds(serverLines))}\n`,
    )
  if (warnings.count > 0) process.stdout.write(`\nThe sync clients warned ${warnings.count} times, first: ${warnings.first.join(' / ')}\n`)
  process.stdout.write(`\nRun took ${((performance.now() - startedAt) / 1000).toFixed(0)} s.\n`)
  // The 30 s target is the resume's: a full replay is run for its bytes, and on this machine it is bound by the clients' own CPU.
  const passed = results.every(
    (result) =>
      (result.mode !== 'resume' || result.allReplayDoneMs <= RESYNC_TARGET_MS) &&
      result.peakRssBytes <= result.rssBoundBytes &&
      result.intact,
  )
  exitCode = passed ? 0 : 1
  for (const client of clients) client.leave()
} catch (error) {
  process.stderr.write(`storm: ${(error as Error).stack ?? error}\n`)
} finally {
  clearTimeout(watchdog)
  await server.kill()
  await fs.rm(dataDir, { recursive: true, force: true })
}
process.exit(exitCode)
