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

export const knownBugs: KnownBug[] = [
  {
    id: 'unsafe-varuint',
    summary:
      'shared/frames.ts reads numbers with lib0 readVarUint, which checks the 2^53 bound only between bytes: ' +
      '[4, 0xff×7, 0x7f] decodes as a ping of id 72057594037927940 (rounded), and [17, 0xff×7, 0x8f, 0x01, 0] as an entry ' +
      'whose seq the decoder refuses once re-encoded. Fix: read every number through a readUint that throws unless Number.isSafeInteger.',
    matches: (message) => message.includes('past 2^53'),
  },
  {
    id: 'catch-up-echoes-own-entry',
    summary:
      "server/relay/connection.ts #catchUp sends every update after the socket's EntryOrder.last, including the socket's own " +
      'pushes already acked and waiting behind the gap: the client gets its own update (or snapshot) back (its log mirror counts an update twice in the tail). ' +
      "Only across processes (a fan-out that reorders). Fix: skip, in a catch-up's replay, the seqs EntryOrder holds as the socket's own.",
    matches: (message) => message.includes('its own acked push, sent back to it'),
  },
  {
    id: 'mirror-tail-counts-duplicates',
    summary:
      'client/sync/logMirror.ts #recordSeq adds an entry to the tail every time it is recorded, so an entry that arrives twice ' +
      '(a replay after a reconnect resends what was seen ahead of knownSeq; the catch-up echo above) counts twice, and a snapshot is posted early. ' +
      'Fix: in #recordSeq, count it only when seq > knownSeq and not already in seenAhead (checked before recording it).',
    matches: (message) => message.includes('counts more than the log holds'),
  },
]

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
