/**
 * Fan-out: delivering an event to every socket of a board. In one process
 * this is a map of rooms (local.ts); with several processes the same shape
 * will be backed by Redis, so events carry encoded frames, not objects.
 */
import type { Retirement } from '../log/types.ts'

export type RoomEvent =
  /**
   * Encoded server frames, sent together; entrySeq is set when they carry one
   * log entry (an update, or a snapshot in parts) so a joining socket can
   * drop the ones its replay held.
   */
  | {
      type: 'frames'
      frames: Uint8Array[]
      entrySeq: number | null
      /** Only the member with this peer id gets it (presence for a newcomer); everyone when absent. */
      to?: number
    }
  /** The board was deleted: every socket of it closes. */
  | { type: 'boardDeleted'; reason: Retirement }

export interface RoomMember {
  /** Set once the member has joined a room. */
  readonly peerId: number | null
  deliver(event: RoomEvent): void
}

export interface Fanout {
  join(boardId: string, member: RoomMember): void
  leave(boardId: string, member: RoomMember): void
  /** Delivers to every member of the board except `except` (the sender). */
  publish(boardId: string, event: RoomEvent, except?: RoomMember): void
}
