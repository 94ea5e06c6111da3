/** The wire-format fuzz properties (tests/fuzz/frameProperties.ts), briefly; `npm run fuzz` runs them at length. */
import { describe, it } from 'vitest'
import { frameProperties } from '../fuzz/frameProperties.ts'
import { runBriefly } from '../fuzz/shortRun.ts'

describe('frames under random and damaged bytes', () => {
  for (const property of frameProperties) {
    it(property.name, () => runBriefly(property))
  }
})
