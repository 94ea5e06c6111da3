/**
 * Runs every relay property tries first: the bad inputs earlier work named
 * (wrong tokens and versions, truncated and oversized frames, frames for
 * another board, snapshots out of range, garbage sealed entries, frames
 * before the hello), each among well-behaved traffic on the other boards.
 */
import type { HelloAction, RelayAction, RelayScenario, SnapshotAction } from '../relay/actions.ts'

const hello = (client: number, board: number, options: Partial<HelloAction> = {}): HelloAction => ({
  do: 'hello',
  client,
  board,
  token: 'right',
  version: 'right',
  boardId: 'valid',
  knownSeq: 0,
  ...options,
})
const push = (client: number, bodyBytes = 4): RelayAction => ({ do: 'push', client, bodyBytes })
const wait: RelayAction = { do: 'wait', turns: 5 }
const snapshot = (client: number, options: Partial<SnapshotAction> = {}): SnapshotAction => ({
  do: 'snapshot',
  client,
  covers: 'seen',
  partCount: 1,
  carriesChanges: false,
  keep: 'none',
  fault: 'none',
  ...options,
})
/** Two clients on board 0 and one on board 1, with something in each log. */
const traffic: RelayAction[] = [hello(0, 0), hello(1, 0), hello(2, 1), wait, wait, push(0), push(2), push(1), wait]
const scenario = (...actions: RelayAction[]): RelayScenario => ({ reorderFanout: false, actions: [...traffic, ...actions, wait] })

export const relayCorpus: Record<string, RelayScenario> = {
  'wrong token (another board’s, and empty)': scenario(hello(3, 0, { token: 'anotherBoards' }), hello(4, 1, { token: 'empty' }), push(3), push(4), wait),
  'wrong protocol version': scenario(hello(3, 0, { version: 'next' }), hello(4, 0, { version: 'zero' }), push(3), wait),
  'malformed and unknown board ids': scenario(hello(3, 0, { boardId: 'malformed' }), hello(4, 3), push(4), wait),
  'truncated hello, then a push': scenario({ do: 'broken', client: 3, frame: 'truncatedHello' }, push(3), wait),
  'oversized frame before the hello (over 256 bytes)': scenario({ do: 'broken', client: 3, frame: 'oversizedBeforeHello' }, wait),
  'oversized frame after the hello (over 1 MiB)': scenario({ do: 'broken', client: 0, frame: 'oversizedFrame' }, push(1), wait),
  'frames before the hello: a push, then five pings': scenario(
    { do: 'connectWithoutHello', client: 3 },
    push(3),
    hello(3, 0),
    { do: 'connectWithoutHello', client: 4 },
    ...Array.from({ length: 5 }, (): RelayAction => ({ do: 'ping', client: 4 })),
    hello(4, 0),
    wait,
  ),
  'frames for another board: its token, then pushes racing a board deletion': scenario(
    hello(3, 1, { token: 'anotherBoards' }),
    push(2),
    { do: 'holdAppends' },
    push(0),
    push(2),
    { do: 'deleteBoard', board: 1, reason: 'moved' },
    { do: 'openGates' },
    wait,
  ),
  'snapshots out of range: past the head, and below the latest snapshot': scenario(
    snapshot(0, { covers: 'pastHead' }),
    wait,
    snapshot(1, { covers: 'head', keep: 'someCovered' }),
    wait,
    snapshot(0, { covers: 0 }),
    push(1),
    wait,
  ),
  'snapshot uploads broken: parts skipped, of another ref, missing, extra, none, without a begin, a keep it does not cover': scenario(
    snapshot(0, { partCount: 2, fault: 'partIndexSkips' }),
    snapshot(1, { partCount: 2, fault: 'partOfAnotherRef' }),
    snapshot(2, { partCount: 3, fault: 'partsMissing' }),
    snapshot(2),
    hello(3, 0),
    wait,
    snapshot(3, { fault: 'extraPart' }),
    hello(4, 1),
    wait,
    snapshot(4, { fault: 'zeroParts' }),
    hello(5, 2),
    wait,
    snapshot(5, { fault: 'partWithoutBegin' }),
  ),
  'a snapshot keeping a seq it does not cover': scenario(snapshot(0, { keep: 'oneNotCovered' }), push(1), wait),
  'garbage sealed entries and garbage frames': scenario(
    push(0, 0),
    push(0, 24),
    { do: 'broken', client: 1, frame: { garbage: Uint8Array.from([1, 1, 3, 0xff, 0xfe, 0xfd]) } },
    { do: 'broken', client: 2, frame: { garbage: Uint8Array.from([0x80]) } },
    { do: 'broken', client: 0, frame: 'textFrame' },
    wait,
  ),
  'a server frame, an empty frame, and a second hello': scenario(
    { do: 'broken', client: 0, frame: 'serverFrame' },
    { do: 'broken', client: 1, frame: 'emptyFrame' },
    { do: 'broken', client: 2, frame: 'helloAgain' },
    wait,
  ),
  'a replay held back while others push and snapshot': {
    reorderFanout: true,
    actions: [
      hello(0, 0),
      wait,
      push(0),
      push(0),
      wait,
      { do: 'holdNextReplay', order: 'read-first' },
      hello(1, 0, { knownSeq: 1 }),
      wait,
      push(0),
      snapshot(0, { covers: 'head', carriesChanges: true }),
      wait,
      { do: 'releaseFanout', nth: 1 },
      { do: 'openGates' },
      { do: 'sleep', ms: 60 },
      push(1),
      wait,
    ],
  },
  // Found by the short fuzz run: a client whose snapshot covers its own ack while an earlier
  // entry is still on its way (fan-out reordered) says it holds that entry; the relay believes it.
  'a snapshot covering its own ack before an earlier entry arrived': {
    reorderFanout: true,
    actions: [push(3, 0), push(0, 0), { do: 'wait', turns: 1 }, snapshot(0), { do: 'wait', turns: 1 }],
  },
  'a snapshot covering the head from a socket that has not got all of it': {
    reorderFanout: true,
    actions: [snapshot(1), snapshot(4, { covers: 'head' }), { do: 'openGates' }],
  },
}
