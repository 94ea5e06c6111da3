/**
 * Every failure the fuzzing found (tests/fuzz/corpus/foundFailures.ts), run
 * as its property with that one input and known bugs not let through. One
 * whose bug is still open (tests/fuzz/knownBugs.ts) must still show that
 * bug's symptom; once the fix lands and the bug leaves that list, it must
 * pass.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { foundFailures, type FoundFailure } from '../fuzz/corpus/foundFailures.ts'
import { runFuzzProperty } from '../fuzz/fuzzProperty.ts'
import { failOnKnownBugs, knownBugs } from '../fuzz/knownBugs.ts'

/** The property's report on this input, or null when it held. */
async function replay(failure: FoundFailure): Promise<string | null> {
  failOnKnownBugs(true)
  const outcome = await runFuzzProperty({ ...failure.property, examples: [failure.input] }, { runs: 1, shrink: false })
  return outcome.report
}

describe('regressions the fuzzing found', () => {
  afterEach(() => failOnKnownBugs(false))

  for (const failure of foundFailures) {
    const name = `${failure.what} (seed ${failure.found.seed}, path ${failure.found.path})`
    const openBug = knownBugs.find((bug) => bug.id === failure.knownBug)
    if (openBug === undefined) {
      it(name, async () => expect(await replay(failure)).toBeNull())
      continue
    }
    it(`[open bug ${openBug.id}] ${name}`, async () => {
      const report = await replay(failure)
      expect(report, `no longer fails: if ${openBug.id} is fixed, remove it from tests/fuzz/knownBugs.ts`).not.toBeNull()
      expect(openBug.matches(report!), report!).toBe(true)
    })
  }
})
