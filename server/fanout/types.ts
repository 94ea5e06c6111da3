/**
 * Fan-out: delivering an event to every socket of a board. In one process
 * this is a map of rooms (local.ts); with several processes Redis carries
 * the same events between them (redis.ts), so events hold encoded frames,
 * not objects. The processes also count each board's seats together
 * (SharedSeats); both implementations do both, over one link.
 *
 * Between processes the fan-out is a hint, not a channel to rely on: Redis
 * pub/sub may drop or reorder messages. Every log entry carries its seq, so
 * a socket that sees a gap, or a process that finds a board's head ahead of
 * what its sockets were sent, fetches the missing entries from the log.
 */
import type { RetiredBoard } from '../log/types.ts'

export type RoomEvent =
  /**
   * Encoded server frames, sent together; entrySeq is set when they carry one
   * log entry (an update, or a snapshot in parts), so a socket delivers
   * entries in seq order and drops the ones it was already sent.
   */
  | {
      type: 'frames'
      frames: Uint8Array[]
      entrySeq: number | null
      /** Only the member with this peer id gets it (presence for a newcomer); everyone when absent. */
      to?: number
    }
  /** A socket left the board; its peers forget its presence. */
  | { type: 'peerLeft'; peerId: number }
  /** The board was retired (deleted, or moved to a new link): every socket of it is handed the note and closes saying which. */
  | ({ type: 'boardRetired' } & RetiredBoard)

export interface RoomMember {
  /** Set once the member has joined a room. */
  readonly peerId: number | null
  deliver(event: RoomEvent): void
}

/** Pub/sub between the sockets of a board, here and on every other process. */
export interface Fanout {
  /**
   * This process's number, unique among the processes sharing the fan-out
   * (0 when there is only one): peer ids are made from it, so two processes
   * never hand out the same one.
   */
  readonly processNumber: number
  /**
   * True when events may be lost (between processes): the relay then checks
   * the log's heads now and then and fetches what its sockets missed.
   */
  readonly lossy: boolean
  /**
   * Adds the member to the board's room. Resolves once events published
   * from ANY process after this moment will reach it, so a reader of the
   * log after it misses nothing that commits in between.
   */
  join(boardId: string, member: RoomMember): Promise<void>
  leave(boardId: string, member: RoomMember): void
  /** Delivers to every member of the board except `except` (the sender), here and on every other process. */
  publish(boardId: string, event: RoomEvent, except?: RoomMember): void
  /** `listener` runs when events may have been missed (the link between processes came back). */
  onMaybeMissed(listener: () => void): void
  close(): Promise<void>
}

/** A board's seats, counted across every process: how many sockets it has, and how many processes hold them. */
export interface SharedSeats {
  /**
   * Takes a seat on a board across every process: null when the board is
   * full; else how many processes now hold its sockets, so each takes its
   * share of the board's byte budget.
   */
  takeSeat(boardId: string, maxSeats: number): Promise<{ processes: number } | null>
  leaveSeat(boardId: string): void
  /** How many processes hold sockets of the board now; asked again and again while one is open here. */
  seatHolders(boardIds: readonly string[]): Promise<Map<string, number>>
}
