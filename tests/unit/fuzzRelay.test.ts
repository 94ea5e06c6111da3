/**
 * The relay fuzz properties (tests/fuzz/relayProperties.ts), briefly and
 * without their corpus, which runs once here against every rule instead;
 * `npm run fuzz` runs them at length, corpus first.
 */
import { describe, it } from 'vitest'
import { relayCorpus } from '../fuzz/corpus/relayCorpus.ts'
import { runBriefly } from '../fuzz/shortRun.ts'
import { relayProperties, runRelayScenario } from '../fuzz/relayProperties.ts'

const ALL_RULES = ['noCrash', 'isolation', 'acks', 'noHoles', 'order'] as const

describe('the relay under random interleavings', () => {
  for (const property of relayProperties) {
    it(property.name, () => runBriefly(property, { corpus: false }), 30_000)
  }
})

describe('the relay on the corpus of bad inputs', () => {
  for (const [name, scenario] of Object.entries(relayCorpus)) {
    it(`keeps every rule: ${name}`, () => runRelayScenario(scenario, ALL_RULES))
  }
})
