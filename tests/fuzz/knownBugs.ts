/**
 * Bugs the fuzzing found that are reported and not yet fixed in the code
 * they live in (which these tests do not own). While one is listed here
 * the properties let its symptom pass — counted, so `npm run fuzz` shows
 * it is still there — and its regression test (tests/unit/fuzzRegressions)
 * is expected to fail. Once the fix lands: delete the entry, and turn the
 * regression test's `it.fails` into `it`.
 */
export type KnownBug = {
  id: string
  /** What is wrong, where, and the fix proposed. */
  summary: string
  /** True when a property's failure message is this bug's symptom. */
  matches(message: string): boolean
}

export const knownBugs: KnownBug[] = []

const hits = new Map<string, number>()
let strict = false

/** `npm run fuzz -- --strict`: known bugs fail the properties too, to check that a fix holds. */
export function failOnKnownBugs(on: boolean): void {
  strict = on
}

/** The failure messages that are no known bug's symptom (all of them when strict); known ones are counted. */
export function unknownFailures(messages: readonly string[]): string[] {
  if (strict) return [...messages]
  return messages.filter((message) => {
    const bug = knownBugs.find((known) => known.matches(message))
    if (bug !== undefined) hits.set(bug.id, (hits.get(bug.id) ?? 0) + 1)
    return bug === undefined
  })
}

/** How many times each known bug showed itself since the last call. */
export function takeKnownBugHits(): Map<string, number> {
  const taken = new Map(hits)
  hits.clear()
  return taken
}
