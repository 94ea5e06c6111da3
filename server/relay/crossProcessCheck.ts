/**
 * With several processes, the fan-out between them may lose an event (Redis
 * away, a message dropped). Every second this process asks the log for the
 * head of each board it has sockets on, and a socket still short of a head
 * seen one check earlier fetches what it lacks; a board the log no longer
 * has closes its sockets as deleted. The same check refreshes each board's
 * share of its byte budget, as processes join and leave it. Both questions
 * name every board at once (one query, one Redis script per thousand
 * boards), so a check costs the same round trips with thousands of boards
 * here as with one.
 *
 * A head is only acted on one check later, so an entry still on its way
 * through Redis is not fetched twice.
 */
import type { SharedSeats } from '../fanout/types.ts'
import type { BoardLog } from '../log/types.ts'
import type { Admission } from './admission.ts'
import type { RelayedSocket } from './relayContext.ts'

export const CHECK_INTERVAL_MS = 1000

type Parts = {
  log: Pick<BoardLog, 'headSeqs'>
  seats: Pick<SharedSeats, 'seatHolders'>
  admission: Pick<Admission, 'shareBoards'>
  connections(): Iterable<RelayedSocket>
  logLine(line: string): void
}

export class CrossProcessCheck {
  readonly #timer: NodeJS.Timeout
  #lastHeads = new Map<string, number>()
  #running = false
  #failing = false

  constructor(private readonly parts: Parts) {
    this.#timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS)
    this.#timer.unref()
  }

  stop(): void {
    clearInterval(this.#timer)
  }

  /** One check; also run at once when the fan-out says events may have been missed (`everyone` then skips the one-check wait). */
  async check(everyone = false): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      const byBoard = this.#openRelayedSocketsByBoard()
      const boardIds = [...byBoard.keys()]
      if (boardIds.length === 0) return
      const heads = await this.parts.log.headSeqs(boardIds)
      for (const [boardId, connections] of byBoard) {
        const head = heads.get(boardId)
        // Gone from the log (deleted while its notice was lost): the catch-up reads that and closes with 4410 or 4411.
        const due = head === undefined ? Infinity : everyone ? head : (this.#lastHeads.get(boardId) ?? 0)
        for (const connection of connections) connection.catchUpTo(due)
      }
      this.#lastHeads = heads
      this.parts.admission.shareBoards(await this.parts.seats.seatHolders(boardIds))
      if (this.#failing) this.parts.logLine('relay: the check of board heads works again')
      this.#failing = false
    } catch (error) {
      // The log or Redis is away; sockets hear 4503 from their own calls. Said once, not every second.
      if (!this.#failing) this.parts.logLine(`relay: cannot check board heads: ${error instanceof Error ? error.message : String(error)}`)
      this.#failing = true
    } finally {
      this.#running = false
    }
  }

  #openRelayedSocketsByBoard(): Map<string, RelayedSocket[]> {
    const byBoard = new Map<string, RelayedSocket[]>()
    for (const connection of this.parts.connections()) {
      const boardId = connection.boardId
      if (!connection.isOpen || boardId === null) continue
      const list = byBoard.get(boardId)
      if (list) list.push(connection)
      else byBoard.set(boardId, [connection])
    }
    return byBoard
  }
}
