/**
 * The relay's state machine under random interleavings: several boards,
 * clients saying hello right and wrong, pushing, uploading snapshots well
 * and badly, sending broken frames and going away, boards deleted, the log
 * holding its answers back, room events delivered out of order. Each
 * property runs the same kind of scenario and holds it to one rule of
 * relay/relayChecks.ts.
 */
import fc from 'fast-check'
import { relayCorpus } from './corpus/relayCorpus.ts'
import type { FuzzProperty } from './fuzzProperty.ts'
import { unknownFailures } from './knownBugs.ts'
import { relayScenario, type RelayScenario } from './relay/actions.ts'
import { RelayChecker } from './relay/relayChecks.ts'
import { RelayWorld, type Rule } from './relay/relayWorld.ts'

const MAX_ACTIONS = 40

/**
 * Runs one scenario to rest; throws with every breach found of `rules`
 * that is no known bug's (`strict`: of any bug, known or not).
 */
export async function runRelayScenario(scenario: RelayScenario, rules: readonly Rule[], options: { strict?: boolean } = {}): Promise<void> {
  const world = await RelayWorld.open(scenario.reorderFanout)
  const checker = new RelayChecker(world)
  try {
    for (const action of scenario.actions) {
      await world.perform(action)
      await checker.readNewFrames()
    }
    await world.settleFully()
    await checker.checkAtRest()
  } finally {
    await world.close()
  }
  const breaches = world.violations.filter((v) => rules.includes(v.rule)).map((v) => `[${v.rule}] ${v.message}`)
  const broken = options.strict === true ? breaches : unknownFailures(breaches)
  if (broken.length > 0) throw new Error(broken.join('\n'))
}

function relayProperty(rule: Rule, name: string): FuzzProperty<[RelayScenario]> {
  return {
    name,
    shortRuns: 15,
    longRuns: 400,
    property: () => fc.asyncProperty(relayScenario(MAX_ACTIONS), (scenario) => runRelayScenario(scenario, [rule])),
    examples: Object.values(relayCorpus).map((scenario) => [scenario]),
  }
}

export const relayNeverCrashes = relayProperty(
  'noCrash',
  'the relay never closes a socket with 1011, logs an unexpected error, or leaves a rejection unhandled',
)
export const entriesStayOnTheirBoard = relayProperty(
  'isolation',
  "a payload reaches only sockets of its sender's board, after their welcome, as it was sent",
)
export const acksOnlyWhatIsStored = relayProperty(
  'acks',
  'an ack names a stored entry: the pushed bytes at that seq, or dropped by a stored snapshot covering it; a snapshot ack, its exact parts',
)
export const seqsHaveNoHoles = relayProperty(
  'noHoles',
  "a board's seqs have no hole: each is an update, a snapshot, or an update a stored snapshot dropped",
)
export const entriesArriveInOrderOnce = relayProperty(
  'order',
  'a socket gets its entries in seq order, each once, and an open socket ends holding every seq up to the head',
)

export const relayProperties: FuzzProperty[] = [
  relayNeverCrashes,
  entriesStayOnTheirBoard,
  acksOnlyWhatIsStored,
  seqsHaveNoHoles,
  entriesArriveInOrderOnce,
] as FuzzProperty[]
