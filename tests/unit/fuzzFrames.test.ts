/** The wire-format fuzz properties (tests/fuzz/frameProperties.ts), briefly; `npm run fuzz` runs them at length. */
import { describe, it } from 'vitest'
import { frameProperties } from '../fuzz/frameProperties.ts'
import { runFuzzProperty } from '../fuzz/fuzzProperty.ts'
import { fuzzSeed, replayHint } from '../fuzz/fuzzSeed.ts'

describe('frames under random and damaged bytes', () => {
  for (const property of frameProperties) {
    it(property.name, async () => {
      const seed = fuzzSeed()
      const outcome = await runFuzzProperty(property, { runs: property.shortRuns, seed })
      if (outcome.failed) throw new Error(`${outcome.report ?? 'failed'}\n\n${replayHint(seed)}`)
    })
  }
})
