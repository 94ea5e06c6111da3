/**
 * The app's own sync client in Node: y-websocket's provider over the
 * encrypting transport over a real `ws` socket (client/sync/connectBoard.ts),
 * as a browser tab runs it. Destroyed when the test ends (teardown.ts);
 * outside a test, its caller destroys it.
 */
import * as Y from 'yjs'
import WebSocket from 'ws'
import { connectBoard, type BoardConnection } from '../../client/sync/connectBoard.ts'
import type { NewBoard } from '../../client/sync/createBoard.ts'
import type { Provenance } from '../../client/sync/boardWitness.ts'
import type { MirrorShelf } from '../../client/sync/mirrorKeeper.ts'
import type { SyncState } from '../../client/sync/syncTracker.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'
import type { ServerAddress } from './boards.ts'
import { afterThisTest } from './teardown.ts'
import { within } from './waits.ts'

export type SyncClient = BoardConnection & { doc: Y.Doc; notes: Y.Array<string> }

export function syncClient(
  server: Pick<ServerAddress, 'wsUrl'>,
  board: Pick<NewBoard, 'boardId' | 'secret'>,
  doc = new Y.Doc(),
  WebSocketImpl: SocketConstructor = WebSocket as unknown as SocketConstructor,
  /** A signing device (signedClient.ts); without it the client sends unsigned changes, as before signing. */
  provenance?: Provenance,
  /** Where the log mirror is kept between "page loads" (deviceCopy.ts); without it every new client reads the whole log. */
  mirrorShelf?: MirrorShelf,
): SyncClient {
  const connection = connectBoard({
    boardId: board.boardId,
    secret: board.secret,
    doc,
    socketUrl: server.wsUrl,
    WebSocketImpl,
    crossTab: false,
    provenance,
    mirrorShelf,
  })
  afterThisTest(() => connection.destroy())
  return { ...connection, doc, notes: doc.getArray<string>('notes') }
}

/** Resolves when the client's sync state is `state` (the tracker says so; no polling). */
export function waitForState(client: Pick<BoardConnection, 'tracker'>, state: SyncState, timeoutMs = 5000): Promise<void> {
  return within(client.tracker.whenState(state), timeoutMs, `the sync state ${state} (still ${client.tracker.state})`)
}
