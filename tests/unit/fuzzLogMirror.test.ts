/** The log mirror fuzz properties (tests/fuzz/mirrorProperties.ts), briefly; `npm run fuzz` runs them at length. */
import { describe, it } from 'vitest'
import { runFuzzProperty } from '../fuzz/fuzzProperty.ts'
import { fuzzSeed, replayHint } from '../fuzz/fuzzSeed.ts'
import { mirrorProperties } from '../fuzz/mirrorProperties.ts'

describe('the log mirror under random logs and deliveries', () => {
  for (const property of mirrorProperties) {
    it(property.name, async () => {
      const seed = fuzzSeed()
      const outcome = await runFuzzProperty(property, { runs: property.shortRuns, seed })
      if (outcome.failed) throw new Error(`${outcome.report ?? 'failed'}\n\n${replayHint(seed)}`)
    })
  }
})
