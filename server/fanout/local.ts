/** In-process fan-out: board id → the members connected to this process. */
import type { Fanout, RoomEvent, RoomMember } from './types.ts'

export class LocalFanout implements Fanout {
  readonly #rooms = new Map<string, Set<RoomMember>>()

  join(boardId: string, member: RoomMember): void {
    let room = this.#rooms.get(boardId)
    if (room === undefined) {
      room = new Set()
      this.#rooms.set(boardId, room)
    }
    room.add(member)
  }

  leave(boardId: string, member: RoomMember): void {
    const room = this.#rooms.get(boardId)
    if (room === undefined) return
    room.delete(member)
    // Empty rooms are dropped so the map does not grow with every board ever opened.
    if (room.size === 0) this.#rooms.delete(boardId)
  }

  publish(boardId: string, event: RoomEvent, except?: RoomMember): void {
    const room = this.#rooms.get(boardId)
    if (room === undefined) return
    // A copy: delivering may close a member, which leaves the room mid-loop.
    const to = event.type === 'frames' ? event.to : undefined
    for (const member of [...room]) {
      if (member !== except && (to === undefined || member.peerId === to)) member.deliver(event)
    }
  }

  /** Number of members of a board here; for tests and diagnostics. */
  size(boardId: string): number {
    return this.#rooms.get(boardId)?.size ?? 0
  }
}
