/**
 * What one client address may hold in server memory for its readers: bytes
 * read from the log for its history downloads, replays and catch-ups that
 * the network has not taken yet. Each reader keeps an account that is
 * charged before a part is read and credited as the network takes it, so a
 * script that opens many readers and reads none of them fills its own
 * address's budget and nothing else. Addresses are counted per process, as
 * sockets are (admission.ts).
 */
import { BytesByKey } from './bytesByKey.ts'

export class ReaderBudget {
  readonly #held = new BytesByKey()
  readonly #waiting = new Map<string, Set<() => void>>()

  constructor(readonly maxBytesPerAddress: number) {}

  /** A reader's account with the budget of `address`; close it when the reader ends. */
  open(address: string): ReaderAccount {
    return new ReaderAccount(this, address)
  }

  /** Bytes held for the address's readers now. */
  heldBy(address: string): number {
    return this.#held.get(address)
  }

  /**
   * Charges `bytes` to the address when they fit under its cap. An address
   * holding nothing may always take one part, however large, so a cap
   * smaller than a part slows readers down instead of stopping them.
   */
  take(address: string, bytes: number, evenPastTheCap = false): boolean {
    const held = this.heldBy(address)
    if (!evenPastTheCap && held > 0 && held + bytes > this.maxBytesPerAddress) return false
    this.#held.add(address, bytes)
    return true
  }

  /** Credits `bytes` and wakes the address's waiting readers (also when nothing was given: a reader that ends wakes its own wait). */
  give(address: string, bytes: number): void {
    this.#held.add(address, -bytes)
    const waiting = this.#waiting.get(address)
    this.#waiting.delete(address)
    for (const wake of waiting ?? []) wake()
  }

  /** Resolves the next time any reader of the address gives bytes back. */
  whenGiven(address: string): Promise<void> {
    return new Promise((wake) => {
      const waiting = this.#waiting.get(address) ?? new Set()
      waiting.add(wake)
      this.#waiting.set(address, waiting)
    })
  }
}

/** One reader's share of its address's budget: what it holds, so closing it gives all of it back once. */
export class ReaderAccount {
  #held = 0

  constructor(
    private readonly budget: ReaderBudget,
    readonly address: string,
  ) {}

  get held(): number {
    return this.#held
  }

  /** Charges `bytes` when the address has room for them; false otherwise. */
  take(bytes: number): boolean {
    if (!this.budget.take(this.address, bytes)) return false
    this.#held += bytes
    return true
  }

  /** Turns a charge taken before a read into what the read turned out to hold, which is already in memory. */
  settle(charged: number, actual: number): void {
    if (actual > charged) {
      this.budget.take(this.address, actual - charged, true)
      this.#held += actual - charged
    } else {
      this.give(charged - actual)
    }
  }

  /** Credits bytes the network took; never more than this reader holds, so a late callback after close() is harmless. */
  give(bytes: number): void {
    const given = Math.min(bytes, this.#held)
    this.#held -= given
    this.budget.give(this.address, given)
  }

  /** Resolves when a reader of this address gave bytes back: room may have come free. */
  whenRoomMayBeFree(): Promise<void> {
    return this.budget.whenGiven(this.address)
  }

  /** Gives back everything this reader holds, and wakes it if it was waiting for room. */
  close(): void {
    this.give(this.#held)
  }
}
