/**
 * The in-process fan-out with its events held back until a run releases
 * them, in any order it likes: what Redis between processes may do (it
 * reorders, it does not here lose). Sockets must still get their board's
 * entries in seq order, once — EntryOrder and the gap fetch are what is
 * exercised.
 */
import { LocalFanout } from '../../../server/fanout/local.ts'
import type { Fanout, RoomEvent, RoomMember, SharedSeats } from '../../../server/fanout/types.ts'

type Held = { boardId: string; event: RoomEvent; except?: RoomMember }

export class ReorderingFanout implements Fanout, SharedSeats {
  readonly processNumber = 0
  readonly lossy = false
  readonly #local = new LocalFanout()
  readonly #held: Held[] = []

  get heldCount(): number {
    return this.#held.length
  }

  /** Delivers the n-th held event (modulo how many wait); false when none waits. */
  release(nth: number): boolean {
    if (this.#held.length === 0) return false
    const [held] = this.#held.splice(nth % this.#held.length, 1)
    this.#local.publish(held!.boardId, held!.event, held!.except)
    return true
  }

  releaseAll(): void {
    while (this.release(0));
  }

  join(boardId: string, member: RoomMember): Promise<void> {
    return this.#local.join(boardId, member)
  }

  leave(boardId: string, member: RoomMember): void {
    this.#local.leave(boardId, member)
  }

  publish(boardId: string, event: RoomEvent, except?: RoomMember): void {
    this.#held.push({ boardId, event, except })
  }

  onMaybeMissed(): void {}

  takeSeat(boardId: string, maxSeats: number): Promise<{ processes: number } | null> {
    return this.#local.takeSeat(boardId, maxSeats)
  }

  leaveSeat(): void {}

  seatHolders(boardIds: readonly string[]): Promise<Map<string, number>> {
    return this.#local.seatHolders(boardIds)
  }

  close(): Promise<void> {
    return this.#local.close()
  }
}
