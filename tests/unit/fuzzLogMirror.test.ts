/** The log mirror fuzz properties (tests/fuzz/mirrorProperties.ts), briefly; `npm run fuzz` runs them at length. */
import { describe, it } from 'vitest'
import { runBriefly } from '../fuzz/shortRun.ts'
import { mirrorProperties } from '../fuzz/mirrorProperties.ts'

describe('the log mirror under random logs and deliveries', () => {
  for (const property of mirrorProperties) {
    it(property.name, () => runBriefly(property))
  }
})
