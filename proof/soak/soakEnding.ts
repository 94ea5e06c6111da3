/**
 * How the soak ends, and what it checks on the way out: everyone stops
 * and reconnects, every board's devices must agree; then everyone leaves
 * and the server must return to where it was before any client; then a
 * fresh observer on each board replays it, announces itself, and must hear
 * no presence from anyone — and the server must return once more.
 */
import { cameTrue, sleep, within } from '../../tests/kit/waits.ts'
import type { NewBoard } from '../../client/sync/createBoard.ts'
import { boardContent } from './boardContent.ts'
import { LoadClient, type ServerAddress } from '../load/loadClient.ts'
import { settleToBaseline, takeCheckpoint, type Checkpoint } from './serverCheckpoint.ts'
import type { DeviceTally, SoakPerson } from './soakPerson.ts'

export type SoakEnding = {
  converged: boolean
  tallies: DeviceTally[]
  /** With everyone still here, caught up. */
  end: Checkpoint
  afterLeaving: { settled: boolean; at: Checkpoint; seconds: number }
  /** Sockets the clients themselves still held, on any device ever used, once the server had settled after everyone left. */
  clientSocketsLeftOpen: number
  afterObservers: { settled: boolean; at: Checkpoint; seconds: number }
  presence: { boards: number; framesHeard: number; othersSeen: number; observersMatched: number }
}

/** Each wait has a limit (clients reconnecting and catching up, sockets closing, ws's 30 s closing handshake). */
export const SETTLE_LIMIT_MS = 60_000
/** How long an observer listens for presence once it is caught up. */
const OBSERVER_LISTENS_MS = 3000

export async function endSoak(
  server: ServerAddress & { stderr: string },
  pid: number,
  boards: readonly NewBoard[],
  people: readonly SoakPerson[],
  baseline: Checkpoint,
): Promise<SoakEnding> {
  const stderr = () => server.stderr
  for (const person of people) person.stop()
  const savedAll = await cameTrue(() => people.every((person) => person.client.tracker.state === 'saved'), {
    timeoutMs: SETTLE_LIMIT_MS,
    everyMs: 100,
  })
  const byBoard = boards.map((board) => people.filter((person) => person.board === board))
  const agree = () => byBoard.every((seated) => new Set(seated.map((person) => boardContent(person.client.doc))).size === 1)
  const converged = savedAll && (await cameTrue(agree, { timeoutMs: SETTLE_LIMIT_MS, everyMs: 200 }))
  const finalContent = byBoard.map((seated) => boardContent(seated[0]!.client.doc))
  const end = await takeCheckpoint(pid, stderr)
  const tallies = people.map((person) => person.tally)

  for (const person of people) person.leave()
  const afterLeaving = await settleToBaseline(pid, stderr, baseline, SETTLE_LIMIT_MS)
  const clientSocketsLeftOpen = people.reduce((sum, person) => sum + person.socketsStillOpen, 0)

  const observers = boards.map((board) => new LoadClient(server, board, 'observer'))
  await within(Promise.all(observers.map((observer) => observer.tracker.whenState('saved'))), SETTLE_LIMIT_MS, 'the observers to catch up')
  await sleep(OBSERVER_LISTENS_MS)
  const presence = {
    boards: observers.length,
    framesHeard: observers.reduce((sum, observer) => sum + observer.tap.awarenessReceived, 0),
    othersSeen: observers.reduce((sum, observer) => sum + observer.connection.awareness.getStates().size - 1, 0),
    observersMatched: observers.filter((observer, index) => boardContent(observer.doc) === finalContent[index]).length,
  }
  for (const observer of observers) observer.leave()
  const afterObservers = await settleToBaseline(pid, stderr, baseline, SETTLE_LIMIT_MS)
  return { converged, tallies, end, afterLeaving, clientSocketsLeftOpen, afterObservers, presence }
}
