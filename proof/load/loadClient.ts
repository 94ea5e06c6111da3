/**
 * One person on one device, as the app is in the browser: the real sync
 * client (y-websocket's provider over the encrypting transport, with its
 * own back-off and its log mirror, so a reconnect resumes from the seq it
 * holds) over a tapped `ws` socket, announcing itself in presence.
 */
import * as Y from 'yjs'
import type { BoardConnection } from '../../client/sync/connectBoard.ts'
import type { NewBoard } from '../../client/sync/createBoard.ts'
import type { ServerAddress } from '../../tests/kit/boards.ts'
import { syncClient } from '../../tests/kit/syncClient.ts'
import { WireTap } from '../../tests/kit/wireTap.ts'

export type { ServerAddress }

export class LoadClient {
  readonly doc = new Y.Doc()
  readonly tap = new WireTap({ keepFrames: false })
  readonly connection: BoardConnection

  constructor(
    server: ServerAddress,
    readonly board: NewBoard,
    readonly personId: string,
  ) {
    this.connection = syncClient(server, board, this.doc, this.tap.WebSocketImpl)
    // What the app's Presence.announce sets: ids only, names live in the doc.
    this.connection.awareness.setLocalState({ personId, typingIn: null })
  }

  get tracker() {
    return this.connection.tracker
  }

  /** Says goodbye (presence) and closes, as closing the tab does. */
  leave(): void {
    this.connection.destroy()
  }
}

/** Counts the sync client's warnings instead of printing thousands of them; a few are kept to show. */
export class SyncWarnings {
  count = 0
  readonly first: string[] = []

  capture(): void {
    const original = console.warn
    console.warn = (...args: unknown[]) => {
      const line = args.map(String).join(' ')
      if (!line.startsWith('common-ground sync:')) return original(...args)
      this.count++
      if (this.first.length < 5) this.first.push(line)
    }
  }
}

/** y-websocket's provider listens for process exit once per client; thousands of clients are intended here. */
export function allowManyClients(): void {
  process.setMaxListeners(0)
}
