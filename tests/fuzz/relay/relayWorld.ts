/**
 * One fuzzed run's relay: the unit tests' harness (a HeldLog over SQLite
 * whose answers can be held back, MemoryClient sockets), three live boards
 * and one that never existed, the clients the actions name, and a ledger of
 * everything they sent. `perform` turns an action into frames; the checks
 * (relayChecks.ts) read what came back and what the log holds.
 */
import type { ClientFrame } from '../../../shared/frames.ts'
import { PROTOCOL_VERSION } from '../../../shared/protocol.ts'
import { LocalFanout } from '../../../server/fanout/local.ts'
import { GAP_WAIT_MS } from '../../../server/relay/catchUp.ts'
import { Relay } from '../../../server/relay/relay.ts'
import { HeldLog, newBoard, type Board } from '../../kit/relay/relayHarness.ts'
import { MemoryClient } from '../../kit/relay/memorySocket.ts'
import { LIVE_BOARDS, UNKNOWN_BOARD, type BrokenFrame, type HelloAction, type RelayAction, type SnapshotAction } from './actions.ts'
import { brokenFrameBytes, snapshotUploadFrames } from './faultyFrames.ts'
import { digestInline } from './inlineDigest.ts'
import { Ledger } from './ledger.ts'
import { NO_BOARD, payload, type PayloadKind } from './payload.ts'
import { ReorderingFanout } from './reorderingFanout.ts'
import { settle, sleep } from '../../kit/waits.ts'

/** One socket of a client: a reconnect is a new one. */
export type FuzzClient = {
  name: number
  socket: MemoryClient
  /** The board index its hello named; null while it has said none. Nothing of another board may reach it. */
  board: number | null
  nextRef: number
  /** Ledger id of what each ref it sent carried. */
  refs: Map<number, number>
  /** How many of its frames the running checks have read. */
  framesRead: number
}

type HelloFrame = Extract<ClientFrame, { tag: 'hello' }>

export type Rule = 'noCrash' | 'isolation' | 'acks' | 'noHoles' | 'order'
export type Violation = { rule: Rule; message: string }

export class RelayWorld {
  readonly held = new HeldLog()
  readonly ledger = new Ledger()
  /** Each client's latest socket, by name. */
  readonly clients = new Map<number, FuzzClient>()
  /** Every socket of the run, closed ones too. */
  readonly sockets: FuzzClient[] = []
  readonly deleted = new Set<number>()
  readonly violations: Violation[] = []
  readonly logLines: string[] = []
  readonly relay: Relay
  readonly #reordering: ReorderingFanout | null
  #releasedOutOfOrder = false
  #boards: Board[] = []
  readonly #onUnhandled = (error: unknown) => this.violate('noCrash', `unhandled: ${describe(error)}`)
  readonly #digest = digestInline()

  private constructor(reorderFanout: boolean) {
    this.#reordering = reorderFanout ? new ReorderingFanout() : null
    this.relay = new Relay({
      log: this.held.log,
      fanout: this.#reordering ?? new LocalFanout(),
      logLine: (line) => void this.logLines.push(line),
    })
    process.on('unhandledRejection', this.#onUnhandled)
    process.on('uncaughtException', this.#onUnhandled)
  }

  static async open(reorderFanout: boolean): Promise<RelayWorld> {
    const world = new RelayWorld(reorderFanout)
    for (let i = 0; i < LIVE_BOARDS; i++) world.#boards.push(await newBoard(world.held))
    // Well-formed, but no board has it.
    world.#boards[UNKNOWN_BOARD] = { boardId: 'UNKNOWNUNKNOWNUNKNOWN_', accessToken: world.#boards[0]!.accessToken }
    return world
  }

  boardId(board: number): string {
    return this.#boards[board]!.boardId
  }

  violate(rule: Rule, message: string): void {
    this.violations.push({ rule, message })
  }

  async perform(action: RelayAction): Promise<void> {
    switch (action.do) {
      case 'hello':
        return void (await this.#answered(this.#hello(action)))
      case 'push': {
        const client = await this.#client(action.client)
        const id = this.ledger.nextId()
        const sealed = this.#payload(client, id, 'update', 0, action.bodyBytes)
        this.ledger.record(id, { kind: 'update', board: client.board ?? NO_BOARD, sealed })
        return this.#send(client, { tag: 'pushUpdate', ref: this.#ref(client, id), sealed })
      }
      case 'snapshot':
        return this.#snapshot(action)
      case 'ping':
        return this.#send(await this.#client(action.client), { tag: 'ping', pingId: 1 + action.client })
      case 'awareness': {
        const client = await this.#client(action.client)
        const id = this.ledger.nextId()
        const sealed = this.#payload(client, id, 'awareness', 0, 4)
        this.ledger.record(id, { kind: 'awareness', board: client.board ?? NO_BOARD, sealed })
        if (action.toPeer === null) return this.#send(client, { tag: 'pushAwareness', sealed })
        const peers = this.sockets.flatMap((c) => c.socket.framesOf('welcome').map((w) => w.peerId))
        const peerId = peers.length === 0 ? action.toPeer : peers[action.toPeer % peers.length]!
        return this.#send(client, { tag: 'pushAwarenessTo', peerId, sealed })
      }
      case 'broken': {
        // Broken frames go to the socket as it is; a client without one opens a silent one.
        const current = this.clients.get(action.client)
        const client = current !== undefined && current.socket.closedWith === null ? current : this.#connect(action.client)
        this.#sendBroken(client, action.frame)
        if (action.frame === 'helloAgain') await this.#answered(client)
        return
      }
      case 'disconnect':
        return this.clients.get(action.client)?.socket.disconnect()
      case 'connectWithoutHello':
        return void this.#connect(action.client)
      case 'deleteBoard': {
        const boardId = this.boardId(action.board)
        await this.held.inner.retireBoard(boardId, action.reason)
        this.deleted.add(action.board)
        return this.relay.boardRetired(boardId, { reason: action.reason, note: null })
      }
      case 'holdAppends':
        return void this.held.holdAppends()
      case 'holdNextReplay':
        return void this.held.holdNextReplay(action.order)
      case 'holdNextBoardLookup':
        return void this.held.holdNextBoardLookup()
      case 'openGates':
        return this.held.openAllGates()
      case 'wait':
        return settle(action.turns)
      case 'sleep':
        // Only a gap fetch needs real time to pass, and only a reordering fan-out makes gaps.
        if (this.#reordering !== null) await sleep(action.ms)
        return
      case 'releaseFanout':
        if (this.#reordering !== null && this.#reordering.heldCount > 0) {
          if (action.nth % this.#reordering.heldCount !== 0) this.#releasedOutOfOrder = true
          this.#reordering.release(action.nth)
        }
    }
  }

  /** Opens every gate and delivers every held event, until nothing moves for a few turns. */
  async settleFully(): Promise<void> {
    // Every gap fetch already waiting fires before the held events fill the gaps, whatever the run's own pace was.
    if (this.#reordering !== null && this.#reordering.heldCount > 0) await sleep(GAP_WAIT_MS + 10)
    let last = ''
    let stillFor = 0
    for (let round = 0; round < 500 && stillFor < 3; round++) {
      this.held.openAllGates()
      this.#reordering?.releaseAll()
      await settle(5)
      // An entry released out of order may have started a gap fetch: wait it out once.
      if (this.#releasedOutOfOrder) {
        this.#releasedOutOfOrder = false
        await sleep(GAP_WAIT_MS + 10)
      }
      const now = this.#fingerprint()
      stillFor = now === last ? stillFor + 1 : 0
      last = now
    }
  }

  async close(): Promise<void> {
    try {
      this.held.openAllGates()
      this.#reordering?.releaseAll()
      await this.relay.close()
      await this.held.inner.close()
    } finally {
      this.#digest.restore()
      process.off('unhandledRejection', this.#onUnhandled)
      process.off('uncaughtException', this.#onUnhandled)
    }
  }

  #fingerprint(): string {
    const clients = this.sockets.map((c) => `${c.socket.frames.length}${c.socket.closedWith?.code ?? ''}`)
    return `${clients.join(',')}|${this.held.appendCalls}|${this.#reordering?.heldCount ?? 0}`
  }

  /** The client's open socket; a new one with a right hello for its board when it has none. */
  async #client(name: number): Promise<FuzzClient> {
    const client = this.clients.get(name)
    if (client !== undefined && client.socket.closedWith === null) return client
    return this.#answered(
      this.#hello({ do: 'hello', client: name, board: null, token: 'right', version: 'right', boardId: 'valid', knownSeq: 'resume' }),
    )
  }

  /**
   * Waits for the hello's answer (a welcome or a close), as a client would
   * before it sends much more; a hello held at a gate of the log gives up
   * after 20 ms.
   */
  async #answered(client: FuzzClient): Promise<FuzzClient> {
    const deadline = performance.now() + 20
    while (client.socket.closedWith === null && client.socket.framesOf('welcome').length === 0 && performance.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    return client
  }

  #connect(name: number): FuzzClient {
    const client: FuzzClient = { name, socket: MemoryClient.connect(this.relay), board: null, nextRef: 1, refs: new Map(), framesRead: 0 }
    this.clients.set(name, client)
    this.sockets.push(client)
    return client
  }

  #ref(client: FuzzClient, ledgerId: number): number {
    const ref = client.nextRef++
    client.refs.set(ref, ledgerId)
    return ref
  }

  /** A header naming the client's board and a body of garbage no key opens. */
  #payload(client: FuzzClient, id: number, kind: PayloadKind, part: number, bodyBytes: number): Uint8Array {
    const body = Uint8Array.from({ length: bodyBytes }, (_, i) => (id * 31 + i * 7 + part) & 0xff)
    return payload({ board: client.board ?? NO_BOARD, id, kind, part }, body)
  }

  #send(client: FuzzClient, frame: ClientFrame): void {
    client.socket.send(frame)
  }

  #helloFrame(action: Omit<HelloAction, 'do' | 'client' | 'board'> & { board: number }, resumeFrom: FuzzClient | undefined): HelloFrame {
    const board = this.#boards[action.board]!
    const accessToken =
      action.token === 'right'
        ? board.accessToken
        : action.token === 'empty'
          ? new Uint8Array(0)
          : this.#boards[(action.board + 1) % LIVE_BOARDS]!.accessToken
    return {
      tag: 'hello',
      version: action.version === 'right' ? PROTOCOL_VERSION : action.version === 'next' ? PROTOCOL_VERSION + 1 : 0,
      boardId: action.boardId === 'valid' ? board.boardId : 'not a board id',
      accessToken,
      knownSeq:
        action.knownSeq === 'pastHead'
          ? 2 ** 40
          : action.knownSeq === 'resume'
            ? resumeFrom === undefined
              ? 0
              : highestSeqSeen(resumeFrom)
            : action.knownSeq,
    }
  }

  /** A new socket for the client (its last one goes away first), saying this hello. */
  #hello(action: HelloAction): FuzzClient {
    const previous = this.clients.get(action.client)
    previous?.socket.disconnect()
    const client = this.#connect(action.client)
    client.board = action.board ?? action.client % LIVE_BOARDS
    this.#send(client, this.#helloFrame({ ...action, board: client.board }, previous))
    return client
  }

  async #snapshot(action: SnapshotAction): Promise<void> {
    const client = await this.#client(action.client)
    const id = this.ledger.nextId()
    const ref = this.#ref(client, id)
    const coversSeq = await this.#coversSeq(client, action.covers)
    const keepSeqs =
      action.keep === 'none'
        ? []
        : action.keep === 'oneNotCovered'
          ? [coversSeq + 1]
          : [...new Set([coversSeq, Math.ceil(coversSeq / 2)])].filter((s) => s > 0)
    const parts = Array.from({ length: action.partCount }, (_, index) => this.#payload(client, id, 'snapshotPart', index, 3 + index))
    const { carriesChanges } = action
    this.ledger.record(id, { kind: 'snapshot', board: client.board ?? NO_BOARD, coversSeq, keepSeqs, carriesChanges, parts })
    for (const frame of snapshotUploadFrames({ ref, coversSeq, keepSeqs, carriesChanges, parts }, action.fault)) this.#send(client, frame)
  }

  async #coversSeq(client: FuzzClient, covers: SnapshotAction['covers']): Promise<number> {
    if (typeof covers === 'number') return covers
    if (covers === 'seen') return highestSeqSeen(client)
    const record = client.board === null ? null : await this.held.inner.getBoard(this.boardId(client.board))
    const head = record?.status === 'live' ? record.headSeq : 0
    return covers === 'head' ? head : head + 3
  }

  #sendBroken(client: FuzzClient, broken: BrokenFrame): void {
    const board = client.board ?? client.name % LIVE_BOARDS
    // A hello sent again counts: on a socket that said none yet, it is its hello.
    if (broken === 'helloAgain') client.board ??= board
    const hello = this.#helloFrame({ board, token: 'right', version: 'right', boardId: 'valid', knownSeq: 0 }, undefined)
    const { bytes, isBinary } = brokenFrameBytes(broken, hello)
    client.socket.sendBytes(bytes, isBinary)
  }
}

/** The highest seq the client was told of: what a real client would cover with a snapshot. */
export function highestSeqSeen(client: FuzzClient): number {
  let highest = 0
  for (const frame of client.socket.frames) {
    if (frame.tag === 'entry' || frame.tag === 'ack' || frame.tag === 'snapshotPart' || frame.tag === 'snapshotStored')
      highest = Math.max(highest, frame.seq)
    if (frame.tag === 'entries') for (const entry of frame.entries) highest = Math.max(highest, entry.seq)
    if (frame.tag === 'replayDone') highest = Math.max(highest, frame.headSeq)
  }
  return highest
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}
