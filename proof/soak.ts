/**
 * `npm run soak [-- --minutes N]` (30 by default; not in CI): steady load
 * against the real server process (SQLite in a temp dir), on loopback,
 * bounded in time.
 *
 * 20 boards with 2–3 people each, every one the real sync client in Node,
 * doing what the app's screens do at a human pace (soakPerson.ts): cards,
 * edits, typing, pauses, new talks with their history points, and past 200
 * cards deleting their own so the boards stop growing; two boards
 * are busy enough to pass the snapshot threshold again and again. Connections are lost and
 * resumed, tabs closed and reopened. The server is sampled every 5 s (RSS,
 * V8 heap, sockets, descriptors, timers) and read again at the end, and
 * once everyone has left — when a fresh observer on each board must hear
 * no presence from anyone. Prints Markdown and writes it to its part of
 * docs/reliability.md; exits 1 if anything was left behind or a board's
 * devices disagree.
 *
 * Timers cannot be read from outside a process: the server runs with
 * timerCensusPreload.mjs loaded by --import (no server code changes),
 * which answers SIGUSR2 with a count.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { inBatches, sleep, within } from '../tests/kit/waits.ts'
import { createBoard, type NewBoard } from '../client/sync/createBoard.ts'
import type { Role } from '../shared/schema.ts'
import { RestartableServer } from '../tests/kit/serverProcess.ts'
import { freePort } from '../tests/kit/ports.ts'
import { allowManyClients, SyncWarnings } from './load/loadClient.ts'
import { takeCheckpoint, timersAdded, type Checkpoint } from './soak/serverCheckpoint.ts'
import { endSoak, SETTLE_LIMIT_MS } from './soak/soakEnding.ts'
import { emptyCounts, SoakPerson, type Pace } from './soak/soakPerson.ts'
import { slopePerHour } from './soak/slope.ts'
import { soakReport, soakResult, type SoakFigures } from './soak/soakReport.ts'
import { commandLine, writeReliability } from './reliabilityDoc.ts'
import { SERVER_WITH_TIMER_CENSUS } from './soak/timerCensus.ts'

const BOARDS = 20
/**
 * About one thing every 4 s per person, a new talk every few minutes. The
 * busy boards (three people each) act every 200 ms and rarely start a talk,
 * not a human pace but a stress on the snapshot path: their tails pass the
 * threshold (1,000 updates) every couple of minutes.
 */
const PACE: Pace = { actMs: 4000, talkMs: 3 * 60_000, dropMs: 60_000, reopenMs: 3 * 60_000 }
const BUSY_PACE: Pace = { ...PACE, actMs: 200, talkMs: 20 * 60_000 }
const isBusy = (boardIndex: number) => boardIndex === 1 || boardIndex === 3
const SAMPLE_MS = 5000
/** The first wait: every client connected. */
const CONNECT_LIMIT_MS = 60_000

function readArgs(argv: readonly string[]): { minutes: number } {
  let minutes = 30
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--minutes' && /^\d+(\.\d+)?$/.test(argv[i + 1] ?? '') && Number(argv[i + 1]) > 0) minutes = Number(argv[++i])
    else {
      process.stderr.write(`soak: unknown argument ${JSON.stringify(argv[i])}; use --minutes N (a positive number)\n`)
      process.exit(2)
    }
  }
  return { minutes }
}

/** Partners on every board, a facilitator on every other one. */
function seatsOf(boardIndex: number): Role[] {
  return boardIndex % 2 === 1 ? ['partner', 'partner', 'facilitator'] : ['partner', 'partner']
}

const { minutes } = readArgs(process.argv.slice(2))
const durationMs = minutes * 60_000
const warmUpMs = Math.min(5 * 60_000, Math.max(30_000, durationMs / 5))
const command = commandLine('soak', process.argv.slice(2))
const startedOn = new Date()
const startedAt = performance.now()
const progress = (line: string) => void process.stderr.write(`soak ${((performance.now() - startedAt) / 1000).toFixed(0)} s: ${line}\n`)
allowManyClients()
const warnings = new SyncWarnings()
warnings.capture()

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-soak-'))
const server = new RestartableServer(await freePort(), { DATA_DIR: dataDir }, SERVER_WITH_TIMER_CENSUS)
// Whatever happens, the run ends: the soak's own length, its waits, and a margin.
const watchdogMs = durationMs + 10 * 60_000
const watchdog = setTimeout(() => {
  process.stderr.write(`soak: still running ${watchdogMs / 60_000} minutes after it started; stopping\n`)
  void server.kill().finally(() => process.exit(1))
}, watchdogMs)

let exitCode = 1
try {
  await server.start()
  const pid = server.pid
  const stderr = () => server.stderr
  await sleep(2000)
  const checkpoints: { label: string; at: Checkpoint }[] = [{ label: 'Before any client', at: await takeCheckpoint(pid, stderr) }]
  const baseline = checkpoints[0]!.at

  const boards: NewBoard[] = await inBatches(Array.from({ length: BOARDS }), 4, () => createBoard(server.url, fetch))
  const counts = emptyCounts()
  const people = boards.flatMap((board, index) =>
    seatsOf(index).map(
      (role, seat) => new SoakPerson(server, board, `b${index}-${role}-${seat}`, role, seat, isBusy(index) ? BUSY_PACE : PACE, counts),
    ),
  )
  await within(Promise.all(people.map((person) => person.client.tracker.whenState('saved'))), CONNECT_LIMIT_MS, 'every client to connect')
  for (const person of people) person.start()
  const loadStartedAt = performance.now()
  const samples: { atMs: number; at: Checkpoint }[] = []
  let sampling = true
  const samplingDone = (async () => {
    while (sampling) {
      samples.push({ atMs: performance.now(), at: await takeCheckpoint(pid, stderr) })
      await sleep(SAMPLE_MS)
    }
  })()
  progress(`${people.length} clients on ${BOARDS} boards; warming up for ${warmUpMs / 1000} s`)

  await sleep(warmUpMs)
  const warmedAt = performance.now()
  checkpoints.push({ label: `After warm-up (${warmUpMs / 1000} s)`, at: await takeCheckpoint(pid, stderr) })
  for (let left = durationMs - warmUpMs; left > 1000; left = durationMs - (performance.now() - loadStartedAt)) {
    await sleep(Math.min(60_000, left))
    const rss = samples.at(-1)?.at.rssBytes ?? 0
    progress(
      `RSS ${(rss / 2 ** 20).toFixed(1)} MiB, ${counts.cards} cards, ${counts.talks} talks, ${counts.cleanDrops + counts.droppedNetworks} lost connections, ${counts.reopens} reopened`,
    )
  }

  progress('stopping the load; every device reconnects and catches up, then everyone leaves')
  sampling = false
  await samplingDone
  const steady = samples.filter((sample) => sample.atMs >= warmedAt)
  const { converged, tallies, end, afterLeaving, clientSocketsLeftOpen, afterObservers, presence } = await endSoak(
    server,
    pid,
    boards,
    people,
    baseline,
  )
  checkpoints.push(
    { label: 'End (everyone still here)', at: end },
    { label: 'After everyone left', at: afterLeaving.at },
    { label: 'After the observers left', at: afterObservers.at },
  )

  const unreadable = tallies.reduce((sum, tally) => sum + tally.unreadable, 0)
  const closedForGood = tallies.reduce((sum, tally) => sum + tally.closedForGood, 0)
  const verdicts = [
    {
      label: "every board's devices agree at the end, and a fresh device replays exactly that",
      passed: converged && presence.observersMatched === presence.boards,
    },
    { label: 'no presence is left behind: the observers heard nobody', passed: presence.framesHeard === 0 && presence.othersSeen === 0 },
    {
      label: `within ${SETTLE_LIMIT_MS / 1000} s of everyone leaving (and again the observers), the server holds no client socket, and no more descriptors and timers than before any client`,
      passed: afterLeaving.settled && afterObservers.settled,
    },
    { label: 'no device that left still holds a socket of its own', passed: clientSocketsLeftOpen === 0 },
    { label: 'no change was unreadable and no board refused a client for good', passed: unreadable === 0 && closedForGood === 0 },
  ]
  const figures: SoakFigures = {
    command,
    minutes,
    boards: BOARDS,
    clients: people.length,
    warmUpSeconds: warmUpMs / 1000,
    checkpoints,
    steady: steady.map((sample) => sample.at),
    rssSlopeMiBPerHour: slopePerHour(steady.map(({ atMs, at }) => ({ atMs, value: at.rssBytes / 2 ** 20 }))),
    heapSlopeMiBPerHour: slopePerHour(steady.map(({ atMs, at }) => ({ atMs, value: at.heapUsedBytes / 2 ** 20 }))),
    settleSeconds: [afterLeaving.seconds, afterObservers.seconds],
    clientSocketsLeftOpen,
    counts,
    snapshotsBegun: tallies.reduce((sum, tally) => sum + tally.snapshotsBegun, 0),
    connectionsOpened: tallies.reduce((sum, tally) => sum + tally.connections, 0),
    unreadable,
    closedForGood,
    converged,
    presence,
    verdicts,
  }
  process.stdout.write(`${soakReport(figures)}\n`)
  writeReliability('soak', { command, startedAt: startedOn, result: soakResult(figures), body: soakReport(figures) })
  for (const { label, at } of checkpoints.slice(3)) {
    const added = timersAdded(baseline, at)
    if (Object.keys(added).length > 0)
      process.stdout.write(`\nTimers ${label.toLowerCase()} that were not there before any client: ${JSON.stringify(added)}\n`)
  }
  if (warnings.count > 0) process.stdout.write(`\nThe sync clients warned ${warnings.count} times, first: ${warnings.first.join(' / ')}\n`)
  process.stdout.write(`\nRun took ${((performance.now() - startedAt) / 1000).toFixed(0)} s.\n`)
  exitCode = verdicts.every((verdict) => verdict.passed) ? 0 : 1
} catch (error) {
  process.stderr.write(`soak: ${(error as Error).stack ?? error}\n`)
} finally {
  clearTimeout(watchdog)
  await server.kill()
  await fs.rm(dataDir, { recursive: true, force: true })
}
process.exit(exitCode)
