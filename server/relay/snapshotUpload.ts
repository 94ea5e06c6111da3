/**
 * One snapshot arriving in parts: the beginSnapshot frame says how many,
 * then the parts come in order. The server holds the parts in memory until
 * the last one (a bounded amount across all sockets, each address and each
 * board), then stores the snapshot in one commit. An upload cut off by a
 * closed socket, or stalled past its deadline, is dropped; the client posts
 * again after reconnecting.
 */
import type { ClientFrame } from '../../shared/frames.ts'
import { CloseCode, Limits, ProtocolError, SNAPSHOT_PART_BYTES } from '../../shared/protocol.ts'
import { BytesByKey } from '../common/bytesByKey.ts'
import type { RelayLimits } from '../common/policy.ts'

type Begin = Extract<ClientFrame, { tag: 'beginSnapshot' }>

/** Whom an upload's bytes count against: its socket's address and its board. */
export type StagingOwner = { address: string; boardId: string }

export type StagingLimits = Pick<RelayLimits, 'maxStagedSnapshotBytes' | 'maxStagedSnapshotBytesPerIp' | 'maxStagedSnapshotBytesPerBoard'>

/**
 * Bytes of snapshot parts held across all uploads of this process, and each
 * address's and each board's share of them: an address (or a board) that
 * fills its share is refused, while the rest of the budget stays for others.
 */
export class StagingBudget {
  #used = 0
  readonly #byAddress = new BytesByKey()
  readonly #byBoard = new BytesByKey()

  constructor(private readonly limits: StagingLimits) {}

  reserve(owner: StagingOwner, bytes: number): boolean {
    const { maxStagedSnapshotBytes, maxStagedSnapshotBytesPerIp, maxStagedSnapshotBytesPerBoard } = this.limits
    if (
      this.#used + bytes > maxStagedSnapshotBytes ||
      this.#byAddress.get(owner.address) + bytes > maxStagedSnapshotBytesPerIp ||
      this.#byBoard.get(owner.boardId) + bytes > maxStagedSnapshotBytesPerBoard
    ) {
      return false
    }
    this.#add(owner, bytes)
    return true
  }

  release(owner: StagingOwner, bytes: number): void {
    this.#add(owner, -bytes)
  }

  #add(owner: StagingOwner, bytes: number): void {
    this.#used += bytes
    this.#byAddress.add(owner.address, bytes)
    this.#byBoard.add(owner.boardId, bytes)
  }
}

/** How long an upload may wait for its next part, and what happens when it waited too long (its bytes are given back first). */
export type UploadDeadline = { stallMs: number; stalled(): void }

const MAX_PARTS = Math.ceil(Limits.maxSnapshotBytes / SNAPSHOT_PART_BYTES)

export class SnapshotUpload {
  readonly parts: Uint8Array[] = []
  #bytes = 0
  #stallTimer: NodeJS.Timeout | null = null

  constructor(
    readonly begin: Begin,
    private readonly budget: StagingBudget,
    private readonly owner: StagingOwner,
    private readonly deadline: UploadDeadline,
  ) {
    if (begin.partCount < 1 || begin.partCount > MAX_PARTS) {
      throw new ProtocolError(CloseCode.protocolError, `a snapshot of ${begin.partCount} parts`)
    }
    if (begin.keepSeqs.some((seq) => seq > begin.coversSeq)) {
      throw new ProtocolError(CloseCode.protocolError, 'a snapshot keeps an entry it does not cover')
    }
    this.#waitForNextPart()
  }

  get complete(): boolean {
    return this.parts.length === this.begin.partCount
  }

  /** Adds the next part; throws when it is out of order, too large, or the server has no room to hold it. */
  add(part: Extract<ClientFrame, { tag: 'snapshotPart' }>): void {
    if (part.ref !== this.begin.ref || part.index !== this.parts.length || this.complete) {
      throw new ProtocolError(CloseCode.protocolError, `snapshot part ${part.index} of ref ${part.ref} out of order`)
    }
    if (this.#bytes + part.bytes.byteLength > Limits.maxSnapshotBytes) {
      throw new ProtocolError(CloseCode.frameTooLarge, `a snapshot over ${Limits.maxSnapshotBytes} bytes`)
    }
    if (!this.budget.reserve(this.owner, part.bytes.byteLength)) {
      throw new ProtocolError(CloseCode.overloaded, 'too many snapshots arriving at once')
    }
    this.#bytes += part.bytes.byteLength
    this.parts.push(part.bytes)
    if (this.complete) this.#stopWaiting()
    else this.#waitForNextPart()
  }

  /** Gives the held bytes back to the budget; the parts are stored or dropped by then. */
  release(): void {
    this.#stopWaiting()
    this.budget.release(this.owner, this.#bytes)
    this.#bytes = 0
  }

  /** A stalled upload lets its parts go at once, so its bytes are free before its socket has even closed. */
  #waitForNextPart(): void {
    this.#stopWaiting()
    this.#stallTimer = setTimeout(() => {
      this.release()
      this.parts.length = 0
      this.deadline.stalled()
    }, this.deadline.stallMs)
    this.#stallTimer.unref()
  }

  #stopWaiting(): void {
    if (this.#stallTimer !== null) clearTimeout(this.#stallTimer)
    this.#stallTimer = null
  }
}
