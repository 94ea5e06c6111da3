/**
 * Asks the server under test for its timer census (timerCensusPreload.mjs,
 * loaded into it by --import) and reads the answer from its stderr.
 */
import { until } from '../../tests/kit/waits.ts'

/** The census line's start, as timerCensusPreload.mjs writes it. */
export const TIMER_CENSUS_PREFIX = 'timer-census '

export type TimerCensus = {
  timers: number
  /** "<delay> ms <callback name>" → how many such timers are live. */
  timerKinds: Record<string, number>
  refedResources: Record<string, number>
  heapUsedBytes: number
}

/** What node runs for a server with the census loaded: the server from its sources, as `npm run serve` does. */
export const SERVER_WITH_TIMER_CENSUS = ['--import', 'tsx', '--import', './proof/soak/timerCensusPreload.mjs', 'server/index.ts'] as const

const ANSWER_TIMEOUT_MS = 5000

/** Signals only `pid`, the server this run started, and waits for the census line that follows. */
export async function takeTimerCensus(pid: number, stderr: () => string): Promise<TimerCensus> {
  const linesBefore = censusLines(stderr()).length
  process.kill(pid, 'SIGUSR2')
  const answered = () => censusLines(stderr()).length > linesBefore
  await until(answered, { what: 'the server to answer SIGUSR2 with a timer census', timeoutMs: ANSWER_TIMEOUT_MS, everyMs: 20 })
  return JSON.parse(censusLines(stderr()).at(-1)!.slice(TIMER_CENSUS_PREFIX.length)) as TimerCensus
}

function censusLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith(TIMER_CENSUS_PREFIX))
}
