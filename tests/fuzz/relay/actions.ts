/**
 * What a fuzzed run does to the relay, one step at a time: clients saying
 * hello (right and wrong), pushing, uploading snapshots (well and badly),
 * pinging, sending presence and broken frames, going away; boards being
 * deleted; the log holding its answers back; time passing.
 *
 * Boards 0–2 exist; board 3 was never created. A client is named by a small
 * number; client n's board is n mod 3. A hello action opens a new socket
 * for it (a reconnect, if it had one); any other action on a client with
 * no open socket first connects it with a right hello, resuming from what
 * its last socket was told — except `connectWithoutHello`, which opens one
 * that says nothing, so what follows is sent before any hello.
 */
import fc from 'fast-check'
import { plainRecord } from '../fuzzProperty.ts'

export const LIVE_BOARDS = 3
/** Board index of an id no board has. */
export const UNKNOWN_BOARD = 3

export type HelloAction = {
  do: 'hello'
  client: number
  board: number | null
  token: 'right' | 'anotherBoards' | 'empty'
  version: 'right' | 'next' | 'zero'
  boardId: 'valid' | 'malformed'
  /** A seq the client claims to hold: 'resume' is the highest its last socket was told of; 'pastHead' one no board has reached. */
  knownSeq: number | 'resume' | 'pastHead'
}

export type SnapshotAction = {
  do: 'snapshot'
  client: number
  /** 'seen': the highest seq the client was told of; 'head': the log's head now; 'pastHead': beyond it. */
  covers: 'seen' | 'head' | 'pastHead' | number
  partCount: number
  carriesChanges: boolean
  keep: 'none' | 'someCovered' | 'oneNotCovered'
  fault: 'none' | 'partIndexSkips' | 'partOfAnotherRef' | 'partsMissing' | 'extraPart' | 'zeroParts' | 'partWithoutBegin'
}

export type BrokenFrame =
  | 'truncatedHello'
  | 'oversizedBeforeHello'
  | 'oversizedFrame'
  | 'textFrame'
  | 'serverFrame'
  | 'helloAgain'
  | 'emptyFrame'
  | { garbage: Uint8Array }

export type RelayAction =
  | HelloAction
  | { do: 'push'; client: number; bodyBytes: number }
  | SnapshotAction
  | { do: 'ping'; client: number }
  | { do: 'awareness'; client: number; toPeer: number | null }
  | { do: 'broken'; client: number; frame: BrokenFrame }
  | { do: 'disconnect'; client: number }
  | { do: 'connectWithoutHello'; client: number }
  | { do: 'deleteBoard'; board: number; reason: 'deleted' | 'moved' }
  | { do: 'holdAppends' }
  | { do: 'holdNextReplay'; order: 'read-first' | 'wait-first' }
  | { do: 'holdNextBoardLookup' }
  | { do: 'openGates' }
  /** Lets the event loop turn: commits, replays and hash checks move on. */
  | { do: 'wait'; turns: number }
  /** Lets real time pass, past the 50 ms after which a socket fetches a gap from the log. */
  | { do: 'sleep'; ms: number }
  /** With the reordering fan-out: delivers one held room event, the n-th waiting. */
  | { do: 'releaseFanout'; nth: number }

const MAX_CLIENTS = 6
const client = fc.nat(MAX_CLIENTS - 1)

const hello: fc.Arbitrary<HelloAction> = plainRecord({
  do: fc.constant('hello' as const),
  client,
  /** Mostly the client's own board (null); now and then another, or the unknown one. */
  board: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(UNKNOWN_BOARD) }),
  token: fc.oneof(
    { weight: 8, arbitrary: fc.constant('right' as const) },
    { weight: 1, arbitrary: fc.constantFrom('anotherBoards' as const, 'empty' as const) },
  ),
  version: fc.oneof(
    { weight: 10, arbitrary: fc.constant('right' as const) },
    { weight: 1, arbitrary: fc.constantFrom('next' as const, 'zero' as const) },
  ),
  boardId: fc.oneof({ weight: 12, arbitrary: fc.constant('valid' as const) }, { weight: 1, arbitrary: fc.constant('malformed' as const) }),
  knownSeq: fc.oneof(
    { weight: 4, arbitrary: fc.constant('resume' as const) },
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.nat(12) },
    { weight: 1, arbitrary: fc.constant('pastHead' as const) },
  ),
})

const snapshot: fc.Arbitrary<SnapshotAction> = plainRecord({
  do: fc.constant('snapshot' as const),
  client,
  covers: fc.oneof(
    { weight: 6, arbitrary: fc.constant('seen' as const) },
    { weight: 2, arbitrary: fc.constant('head' as const) },
    { weight: 1, arbitrary: fc.constant('pastHead' as const) },
    { weight: 1, arbitrary: fc.nat(10) },
  ),
  partCount: fc.integer({ min: 1, max: 3 }),
  carriesChanges: fc.boolean(),
  keep: fc.oneof(
    { weight: 4, arbitrary: fc.constant('none' as const) },
    { weight: 3, arbitrary: fc.constant('someCovered' as const) },
    { weight: 1, arbitrary: fc.constant('oneNotCovered' as const) },
  ),
  fault: fc.oneof(
    { weight: 12, arbitrary: fc.constant('none' as const) },
    { weight: 1, arbitrary: fc.constantFrom('partIndexSkips' as const, 'partOfAnotherRef' as const, 'partsMissing' as const) },
    { weight: 1, arbitrary: fc.constantFrom('extraPart' as const, 'zeroParts' as const, 'partWithoutBegin' as const) },
  ),
})

const brokenFrame: fc.Arbitrary<BrokenFrame> = fc.oneof(
  fc.constantFrom<BrokenFrame>('truncatedHello', 'oversizedBeforeHello', 'textFrame', 'serverFrame', 'helloAgain', 'emptyFrame'),
  // A megabyte per occurrence: rarer than the rest.
  { weight: 1, arbitrary: fc.constant<BrokenFrame>('oversizedFrame') },
  { weight: 3, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((garbage): BrokenFrame => ({ garbage })) },
)

/** One step; the weights make a run mostly of well-formed traffic, with faults among it. */
export const relayAction: fc.Arbitrary<RelayAction> = fc.oneof(
  { weight: 3, arbitrary: hello },
  { weight: 10, arbitrary: plainRecord({ do: fc.constant('push' as const), client, bodyBytes: fc.nat(24) }) },
  { weight: 4, arbitrary: snapshot },
  { weight: 1, arbitrary: plainRecord({ do: fc.constant('ping' as const), client }) },
  { weight: 2, arbitrary: plainRecord({ do: fc.constant('awareness' as const), client, toPeer: fc.option(fc.nat(8), { nil: null }) }) },
  { weight: 2, arbitrary: plainRecord({ do: fc.constant('broken' as const), client, frame: brokenFrame }) },
  { weight: 2, arbitrary: plainRecord({ do: fc.constant('disconnect' as const), client }) },
  { weight: 1, arbitrary: plainRecord({ do: fc.constant('connectWithoutHello' as const), client }) },
  {
    weight: 1,
    arbitrary: plainRecord({
      do: fc.constant('deleteBoard' as const),
      board: fc.nat(LIVE_BOARDS - 1),
      reason: fc.constantFrom('deleted' as const, 'moved' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ do: 'holdAppends' as const }) },
  {
    weight: 1,
    arbitrary: plainRecord({
      do: fc.constant('holdNextReplay' as const),
      order: fc.constantFrom('read-first' as const, 'wait-first' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ do: 'holdNextBoardLookup' as const }) },
  { weight: 2, arbitrary: fc.constant({ do: 'openGates' as const }) },
  { weight: 8, arbitrary: plainRecord({ do: fc.constant('wait' as const), turns: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ do: 'sleep' as const, ms: 60 }) },
  { weight: 3, arbitrary: plainRecord({ do: fc.constant('releaseFanout' as const), nth: fc.nat(8) }) },
) as fc.Arbitrary<RelayAction>

/** A run: whether room events are delivered out of order, and its steps. */
export type RelayScenario = { reorderFanout: boolean; actions: RelayAction[] }

export const relayScenario = (maxActions: number): fc.Arbitrary<RelayScenario> =>
  plainRecord({ reorderFanout: fc.boolean(), actions: fc.array(relayAction, { minLength: 1, maxLength: maxActions, size: 'max' }) })
