/**
 * In-process fan-out, for one server process: nothing is lost between
 * processes because there are none, and the seats of a board are all here.
 */
import { Rooms } from './rooms.ts'
import type { Fanout, RoomEvent, RoomMember, SharedSeats } from './types.ts'

export class LocalFanout implements Fanout, SharedSeats {
  readonly processNumber: number = 0
  readonly lossy: boolean = false
  readonly #rooms = new Rooms()

  async join(boardId: string, member: RoomMember): Promise<void> {
    this.#rooms.add(boardId, member)
  }

  leave(boardId: string, member: RoomMember): void {
    this.#rooms.remove(boardId, member)
  }

  publish(boardId: string, event: RoomEvent, except?: RoomMember): void {
    this.#rooms.deliver(boardId, event, except)
  }

  // Nothing is lost within one process.
  onMaybeMissed(_listener: () => void): void {}

  // Admission counts this process's seats; there are no others.
  async takeSeat(_boardId: string, _maxSeats: number): Promise<{ processes: number } | null> {
    return { processes: 1 }
  }

  leaveSeat(): void {}

  async seatHolders(boardIds: readonly string[]): Promise<Map<string, number>> {
    return new Map(boardIds.map((id) => [id, 1]))
  }

  async close(): Promise<void> {}

  /** Number of members of a board here; for tests and diagnostics. */
  size(boardId: string): number {
    return this.#rooms.size(boardId)
  }
}
