/** The members of each board connected to this process, and delivery to them. */
import type { RoomEvent, RoomMember } from './types.ts'

export class Rooms {
  readonly #rooms = new Map<string, Set<RoomMember>>()

  /** Adds the member; true when it is the board's first here. */
  add(boardId: string, member: RoomMember): boolean {
    let room = this.#rooms.get(boardId)
    const first = room === undefined
    if (room === undefined) {
      room = new Set()
      this.#rooms.set(boardId, room)
    }
    room.add(member)
    return first
  }

  /** Removes the member; true when it was the board's last here. */
  remove(boardId: string, member: RoomMember): boolean {
    const room = this.#rooms.get(boardId)
    if (room === undefined || !room.delete(member)) return false
    // Empty rooms are dropped so the map does not grow with every board ever opened.
    if (room.size > 0) return false
    this.#rooms.delete(boardId)
    return true
  }

  deliver(boardId: string, event: RoomEvent, except?: RoomMember): void {
    const room = this.#rooms.get(boardId)
    if (room === undefined) return
    const to = event.type === 'frames' ? event.to : undefined
    // A copy: delivering may close a member, which leaves the room mid-loop.
    for (const member of [...room]) {
      if (member !== except && (to === undefined || member.peerId === to)) member.deliver(event)
    }
  }

  has(boardId: string): boolean {
    return this.#rooms.has(boardId)
  }

  boardIds(): string[] {
    return [...this.#rooms.keys()]
  }

  size(boardId: string): number {
    return this.#rooms.get(boardId)?.size ?? 0
  }
}
