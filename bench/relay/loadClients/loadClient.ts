/**
 * What the reference bench asks of a client, whichever server it talks to:
 * join a board, send edits, and log when others' edits arrive. Each server's
 * protocol has its own light client (raw frames, no provider) behind this.
 */
import type { ServerProcess } from '../../harness/serverProcess.ts'

/** How an edit is known on both ends: its seq for ours, its first struct id (client:clock) for the Yjs servers. */
export type UpdateKey = number | string

export type SentUpdate = {
  /** performance.now() just before the frame was handed to the socket. */
  sentAt: number
  /** Unknown until ours acks it; never for the Yjs servers' edits that were not sent. */
  key: UpdateKey | undefined
  /** Ours only: when the ack arrived. */
  ackedAt: number | undefined
}

export interface LoadClient {
  /** From creating the socket to holding the board as the server has it. */
  readonly connectMs: number
  /** Makes this person's next edit (a real Yjs update) and sends it; ours seals it first. */
  sendEdit(): Promise<void>
  /** Every edit sent so far; ours learns keys from acks, so read this after the run. */
  sent(): SentUpdate[]
  /** Others' edits heard (the Yjs servers also echo this client's own), by key, with their arrival time. */
  readonly arrivals: ReadonlyMap<UpdateKey, number>
  /** Ours: edits sent and not acked. The Yjs servers have no acks: null. */
  unacked(): number | null
  /** Whether the server holds every edit sent: acked (ours), or echoed back (the Yjs servers send every update to every socket). */
  serverHasAll(): boolean
  /** Ours only: posts a snapshot of everything written, as our client does once the log's tail passes its threshold. */
  compact?(): Promise<void>
  /** True when the server closed this socket before the bench did. */
  dropped(): boolean
  close(): void
}

export type Board = { join(): Promise<LoadClient> }

export type ServerName = 'ours' | 'y-websocket-server' | 'hocuspocus'

export type Protocol = {
  server: ServerName
  /** Ours creates the board over HTTP; the Yjs servers make a document on first use. */
  newBoard(server: ServerProcess): Promise<Board>
}
