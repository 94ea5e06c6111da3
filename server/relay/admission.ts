/**
 * Who may hold a socket: a bound on sockets per address (and on those not
 * yet let in), and per board, where the board's shared byte budget lives
 * too. Addresses are counted per process (a load balancer spreads one
 * address's sockets anyway). A board's seats are counted across processes
 * by the fan-out, and each process holding some keeps its share of the
 * board's byte budget.
 *
 * Budgets outlive their sockets (idleBudgets.ts): a board's, after its last
 * socket leaves; an address's closed sockets', for its next socket. So
 * closing and reopening sockets gets no more through than the documented
 * rates and bursts.
 */
import type { RelayLimits } from '../common/policy.ts'
import { TokenBucket } from '../common/tokenBucket.ts'
import type { SharedSeats } from '../fanout/types.ts'
import { IdleBudgets } from './idleBudgets.ts'
import { SocketBudgets } from './socketBudgets.ts'

type AddressCount = { sockets: number; unauthenticated: number }
type BoardSeats = { sockets: number; bytes: TokenBucket }

export class Admission {
  readonly #addresses = new Map<string, AddressCount>()
  readonly #boards = new Map<string, BoardSeats>()
  readonly #idleBoards: IdleBudgets<TokenBucket>
  readonly #idleAddresses: IdleBudgets<SocketBudgets>

  constructor(
    private readonly limits: RelayLimits,
    private readonly shared: Pick<SharedSeats, 'takeSeat' | 'leaveSeat'>,
    /** The budgets' clock; tests pass one they can move. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#idleBoards = new IdleBudgets(now)
    this.#idleAddresses = new IdleBudgets(now)
  }

  /** Counts a new socket from `address`; returns why it is refused, or null. Refused sockets are not counted. */
  admitSocket(address: string): string | null {
    const count = this.#addresses.get(address) ?? { sockets: 0, unauthenticated: 0 }
    if (count.sockets >= this.limits.maxSocketsPerIp) return 'too many connections from this address'
    if (count.unauthenticated >= this.limits.maxUnauthenticatedPerIp) return 'too many unauthenticated connections from this address'
    count.sockets++
    count.unauthenticated++
    this.#addresses.set(address, count)
    return null
  }

  /** A new socket's own budgets, no fuller than what the address's last closed sockets left. */
  socketBudgets(address: string): SocketBudgets {
    const budgets = new SocketBudgets(this.limits, this.now)
    const left = this.#idleAddresses.get(address)
    if (left !== undefined) budgets.drainTo(left)
    return budgets
  }

  /** The socket's hello was checked: it no longer counts as unauthenticated. */
  authenticated(address: string): void {
    const count = this.#addresses.get(address)
    if (count) count.unauthenticated--
  }

  /** Takes a seat on the board; null when the board is full, else the board's byte budget here. */
  async takeSeat(boardId: string): Promise<TokenBucket | null> {
    let seats = this.#boards.get(boardId)
    if (seats === undefined) {
      const bytes = this.#idleBoards.take(boardId) ?? new TokenBucket(this.limits.boardBytesPerSecond, this.limits.boardByteBurst, this.now)
      seats = { sockets: 0, bytes }
      this.#boards.set(boardId, seats)
    }
    if (seats.sockets >= this.limits.maxSocketsPerBoard) return null
    // Held while the other processes are asked, so two sockets here cannot both take the last seat.
    seats.sockets++
    const shared = await this.shared.takeSeat(boardId, this.limits.maxSocketsPerBoard)
    if (shared === null) {
      this.#dropSeat(boardId)
      return null
    }
    seats.bytes.shareWith(shared.processes)
    return seats.bytes
  }

  /** How many processes now hold sockets of each board (the relay asks now and then): each keeps its share. */
  shareBoards(holders: ReadonlyMap<string, number>): void {
    for (const [boardId, processes] of holders) this.#boards.get(boardId)?.bytes.shareWith(processes)
  }

  /** A seat taken whose socket closed before it was used. */
  releaseSeat(boardId: string): void {
    this.#dropSeat(boardId)
    this.shared.leaveSeat(boardId)
  }

  /**
   * A socket closed, leaving `budgets` as it spent them. Maps drop what is
   * empty so they do not grow with every address and board ever seen; the
   * budgets stay (idle) until they would have refilled.
   */
  left(address: string, wasAuthenticated: boolean, seatOn: string | null, budgets: SocketBudgets): void {
    const count = this.#addresses.get(address)
    if (count) {
      count.sockets--
      if (!wasAuthenticated) count.unauthenticated--
      if (count.sockets <= 0) this.#addresses.delete(address)
    }
    // What the address's closed sockets left, the emptiest of each budget, is what its next socket starts from.
    const earlier = this.#idleAddresses.get(address)
    earlier?.drainTo(budgets)
    this.#idleAddresses.keep(address, earlier ?? budgets)
    if (seatOn !== null) this.releaseSeat(seatOn)
  }

  #dropSeat(boardId: string): void {
    const seats = this.#boards.get(boardId)
    if (seats === undefined) return
    seats.sockets--
    if (seats.sockets > 0) return
    this.#boards.delete(boardId)
    // Kept, not forgotten: a new first socket must not start with a full bucket.
    this.#idleBoards.keep(boardId, seats.bytes)
  }
}
