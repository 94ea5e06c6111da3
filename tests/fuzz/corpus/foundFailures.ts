/**
 * Every failure the fuzzing found, with the seed and path that found it
 * and its shrunk input. The input is what the regression tests run, for
 * good (tests/unit/fuzzRegressions.test.ts). The seed and path replay the
 * search only while the arbitraries and the corpus are as they were then
 * (`npm run fuzz -- --strict --only '<property>' --seed S --path P`, with
 * `--no-corpus` where the corpus was not tried).
 */
import type { FuzzProperty } from '../fuzzProperty.ts'
import { decodedFrameIsWhatTheEncoderWrites, decodedNumbersAreSafeIntegers } from '../frameProperties.ts'
import { mirrorTailCountsEachEntryOnce } from '../mirrorProperties.ts'
import { entriesArriveInOrderOnce } from '../relayProperties.ts'
import { relayCorpus } from './relayCorpus.ts'

export type FoundFailure = {
  what: string
  property: FuzzProperty
  input: unknown[]
  found: { seed: number; path: string; corpus: boolean }
  /** The entry of tests/fuzz/knownBugs.ts while the bug is not fixed; null for a failure fixed since. */
  knownBug: string | null
}

export const foundFailures: FoundFailure[] = [
  {
    what: 'an entry whose seq is 2^53, read from eight continuation bytes',
    property: decodedNumbersAreSafeIntegers as FuzzProperty,
    input: [Uint8Array.from([17, 128, 128, 128, 128, 128, 128, 128, 16, 0])],
    found: { seed: 2134443338, path: '20:14:24:35:45:55:65:75:84:83:83:85:85', corpus: true },
    knownBug: null,
  },
  {
    what: 'a snapshot part whose ref is past 2^53 (found by random search before the corpus had one)',
    property: decodedNumbersAreSafeIntegers as FuzzProperty,
    input: [Uint8Array.from([5, 129, 128, 128, 128, 128, 128, 128, 17, 0, 1, 0])],
    found: { seed: 1048057786, path: '654', corpus: false },
    knownBug: null,
  },
  {
    what: 'an entry that decodes, but whose re-encoding the decoder refuses',
    property: decodedFrameIsWhatTheEncoderWrites as FuzzProperty,
    input: [Uint8Array.from([17, 248, 255, 255, 255, 255, 255, 255, 143, 1, 0])],
    found: { seed: 1122609641, path: '20:18', corpus: true },
    knownBug: null,
  },
  {
    what: "two pushes on one board, the first one's fan-out late: the gap fetch sends the second back to its pusher",
    property: entriesArriveInOrderOnce as FuzzProperty,
    input: [
      {
        reorderFanout: true,
        actions: [
          { do: 'push', client: 1, bodyBytes: 0 },
          { do: 'push', client: 4, bodyBytes: 0 },
        ],
      },
    ],
    found: { seed: -1456894613, path: '3:2:5:5:7:7:9:3:2:5:5:6', corpus: false },
    knownBug: null,
  },
  {
    what: 'a snapshot covering an entry its poster was not yet sent: the gap fetch sends the snapshot back to its poster',
    property: entriesArriveInOrderOnce as FuzzProperty,
    input: [
      {
        reorderFanout: true,
        actions: [
          { do: 'push', client: 1, bodyBytes: 0 },
          { do: 'snapshot', client: 4, covers: 'head', partCount: 1, carriesChanges: false, keep: 'someCovered', fault: 'none' },
          { do: 'holdNextReplay', order: 'wait-first' },
          { do: 'wait', turns: 2 },
        ],
      },
    ],
    found: { seed: 616569999, path: '30:4:6:14:16:17:21:26:29:15:5:11:2:9:14:9:10', corpus: true },
    knownBug: null,
  },
  {
    what: 'a replay held back while others push and snapshot: the catch-up sends the snapshot, the updates after its coversSeq (in order), and the socket\'s own push',
    property: entriesArriveInOrderOnce as FuzzProperty,
    input: [relayCorpus['a replay held back while others push and snapshot']],
    found: { seed: 469747292, path: '13', corpus: true },
    knownBug: null,
  },
  {
    what: 'an entry delivered twice is counted twice in the tail',
    property: mirrorTailCountsEachEntryOnce as FuzzProperty,
    input: [
      [
        { step: 'update', writer: 0, edit: { op: 'arrayInsert', at: 0, value: 0 }, catchUp: false },
        { step: 'update', writer: 0, edit: { op: 'arrayDelete', at: 0 }, catchUp: false },
      ],
      [
        { until: 50, readFromZero: false, cutAt: 67, batch: 1, swaps: [], duplicates: [0, 0], ownMask: 0 },
        { until: 0, readFromZero: false, cutAt: 0, batch: 1, swaps: [], duplicates: [], ownMask: 0 },
      ],
    ],
    found: { seed: -925881303, path: '0:2:1:1:1:1:1:2:4:2:3:2:6:5:4:6:6:6:6:6:6:6:6:6', corpus: true },
    knownBug: null,
  },
]
