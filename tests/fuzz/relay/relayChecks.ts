/**
 * The rules a fuzzed relay run is held to, read from what each socket got
 * and what the log holds:
 *
 * - noCrash: no socket closed with 1011, no unhandled rejection or
 *   exception, no "unexpected error" logged.
 * - isolation: a payload reaches only sockets of the board its sender said
 *   hello to, only after their welcome, and only as it was sent.
 * - acks: an ack names a ref its socket sent, once per seq per board, and
 *   when it is read the log holds the acked thing at that seq — an update's
 *   exact bytes, or a stored snapshot covering it and not keeping it (the
 *   only way an acked update may leave a live board's log); a snapshot's
 *   exact parts and coversSeq.
 * - noHoles: every seq 1..head of a live board is an update, a snapshot, or
 *   an update a stored snapshot covers without keeping; the log holds only
 *   bytes pushed to that board; below the latest snapshot's coversSeq only
 *   the updates it keeps remain.
 * - order: a socket gets entries and snapshots in seq order, each once —
 *   except that a replay sends its snapshot first and then the updates it
 *   does not cover or keeps, in order; its own acked pushes it never gets
 *   back; it holds every seq up to replayDone's head, and an open socket
 *   ends holding every seq up to the board's head.
 */
import { isDeepStrictEqual } from 'node:util'
import type { ServerFrame } from '../../../shared/frames.ts'
import { INTERNAL_ERROR } from '../../../shared/protocol.ts'
import { joined, type Sent } from './ledger.ts'
import { readPayloadHeader, type PayloadKind } from './payload.ts'
import type { FuzzClient, RelayWorld } from './relayWorld.ts'
import { readWholeReplay, readWholeSnapshot } from '../../../server/log/wholeReads.ts'

/** What one socket was sent so far, as the order rule sees it. */
type SocketView = {
  welcomed: boolean
  replayFrom: number
  replayDone: boolean
  /** Highest entry or snapshot seq sent. */
  lastSeq: number
  /** Entries go up from here: the last entry's seq, or 0 right after a snapshot (a replay's updates below it follow it). */
  entryFloor: number
  /** Seqs sent as entries or snapshots, or acked. */
  holds: Set<number>
  acked: Set<number>
  /** Seqs up to this are held without being sent one by one: the client's knownSeq, or a snapshot's coversSeq. */
  coveredUpTo: number
  parts: { seq: number; next: number; count: number } | null
}

export class RelayChecker {
  readonly #views = new Map<FuzzClient, SocketView>()
  readonly #ackedSeqs = new Map<number, Set<number>>()
  /** Acks that could not be checked because their board was deleted before they were read. */
  unverifiableAcks = 0
  verifiedAcks = 0

  constructor(private readonly world: RelayWorld) {}

  /** Reads what each socket got since the last call; acks are checked against the log as it is now. */
  async readNewFrames(): Promise<void> {
    for (const client of this.world.sockets) {
      const frames = client.socket.frames.slice(client.framesRead)
      client.framesRead += frames.length
      for (const frame of frames) await this.#read(client, frame)
    }
  }

  /** After everything settled: the log of every live board, what every open socket holds, and how the run ended. */
  async checkAtRest(): Promise<void> {
    await this.readNewFrames()
    const { world } = this
    for (const client of world.sockets) {
      if (client.socket.closedWith?.code === INTERNAL_ERROR)
        world.violate('noCrash', `socket ${client.name} closed with 1011: ${client.socket.closedWith.reason}`)
    }
    for (const line of world.logLines) {
      if (/unexpected error|after a commit/.test(line)) world.violate('noCrash', `logged: ${line}`)
    }
    for (let board = 0; board < 3; board++) if (!world.deleted.has(board)) await this.#checkLog(board)
    for (const client of world.sockets) await this.#checkHoldsHead(client)
  }

  #view(client: FuzzClient): SocketView {
    let view = this.#views.get(client)
    if (view === undefined) {
      view = {
        welcomed: false,
        replayFrom: 0,
        replayDone: false,
        lastSeq: 0,
        entryFloor: 0,
        holds: new Set(),
        acked: new Set(),
        coveredUpTo: 0,
        parts: null,
      }
      this.#views.set(client, view)
    }
    return view
  }

  async #read(client: FuzzClient, frame: ServerFrame): Promise<void> {
    const view = this.#view(client)
    const order = (message: string) => this.world.violate('order', `socket ${client.name}: ${message}`)
    switch (frame.tag) {
      case 'welcome':
        if (view.welcomed) order('welcomed twice')
        view.welcomed = true
        view.replayFrom = view.coveredUpTo = frame.replayFrom
        return
      case 'entry':
      case 'entries':
        for (const { seq, sealed } of frame.tag === 'entry' ? [frame] : frame.entries) {
          this.#checkPayload(client, view, sealed, 'update')
          if (view.acked.has(seq)) order(`entry ${seq}, its own acked push, sent back to it`)
          else if (view.holds.has(seq) || seq <= view.replayFrom) order(`entry ${seq} sent twice`)
          else if (seq <= view.entryFloor) order(`entry ${seq} after entry ${view.entryFloor}`)
          view.holds.add(seq)
          view.lastSeq = Math.max(view.lastSeq, seq)
          view.entryFloor = Math.max(view.entryFloor, seq)
        }
        return
      case 'snapshotPart':
        this.#checkPayload(client, view, frame.bytes, 'snapshotPart', frame.index)
        if (frame.index === 0) {
          if (view.parts !== null) order(`snapshot ${frame.seq} began inside snapshot ${view.parts.seq}`)
          this.#snapshotSent(view, frame.seq, frame.coversSeq, order)
          view.parts = { seq: frame.seq, next: 1, count: frame.partCount }
        } else if (view.parts?.seq !== frame.seq || view.parts.next !== frame.index) {
          order(`part ${frame.index} of snapshot ${frame.seq} out of order`)
        } else view.parts.next++
        if (view.parts !== null && view.parts.next >= view.parts.count) view.parts = null
        return
      case 'snapshotStored':
        return this.#snapshotSent(view, frame.seq, frame.coversSeq, order)
      case 'replayDone':
        view.replayDone = true
        for (let seq = view.replayFrom + 1; seq <= frame.headSeq; seq++) {
          if (!this.#holds(view, seq)) return order(`replayDone ${frame.headSeq} but seq ${seq} was never sent`)
        }
        return
      case 'awareness':
        return this.#checkPayload(client, view, frame.sealed, 'awareness')
      case 'ack': {
        if (view.holds.has(frame.seq)) order(`ack of seq ${frame.seq}, an entry it was sent`)
        view.holds.add(frame.seq)
        view.acked.add(frame.seq)
        // A stored snapshot of its own says the socket holds what it covers, entries it never got
        // included (a client may cover its own ack while an earlier entry is still on its way): the
        // relay cannot read a snapshot to know better, and the log no longer holds what it covers.
        const sent = this.world.ledger.get(client.refs.get(frame.ref) ?? -1)
        if (sent?.kind === 'snapshot') view.coveredUpTo = Math.max(view.coveredUpTo, sent.coversSeq)
        return this.#checkAck(client, frame.ref, frame.seq)
      }
    }
  }

  #snapshotSent(view: SocketView, seq: number, coversSeq: number, order: (message: string) => void): void {
    if (view.acked.has(seq)) order(`snapshot ${seq}, its own acked push, sent back to it`)
    else if (view.holds.has(seq) || seq <= view.replayFrom) order(`snapshot ${seq} sent twice`)
    else if (seq <= view.lastSeq) order(`snapshot ${seq} after ${view.lastSeq}`)
    view.holds.add(seq)
    view.lastSeq = Math.max(view.lastSeq, seq)
    view.entryFloor = 0
    view.coveredUpTo = Math.max(view.coveredUpTo, coversSeq)
  }

  #holds(view: SocketView, seq: number): boolean {
    return seq <= view.coveredUpTo || view.holds.has(seq)
  }

  /** A payload must be one sent to this socket's board, delivered as it was sent, after the welcome. */
  #checkPayload(client: FuzzClient, view: SocketView, bytes: Uint8Array, kind: PayloadKind, part = 0): void {
    const isolation = (message: string) => this.world.violate('isolation', `socket ${client.name} (board ${client.board}): ${message}`)
    if (!view.welcomed) isolation(`a ${kind} before its welcome`)
    const header = readPayloadHeader(bytes)
    if (header === null) return isolation(`a ${kind} no client sent`)
    if (header.board !== client.board) return isolation(`a ${kind} of board ${header.board} (payload ${header.id})`)
    const sent = this.world.ledger.get(header.id)
    const expected = sentBytes(sent, kind, part)
    if (sent?.board !== client.board || expected === null || !isDeepStrictEqual(new Uint8Array(bytes), expected)) {
      isolation(`a ${kind} (payload ${header.id}) that is not what its sender sent`)
    }
  }

  async #checkAck(client: FuzzClient, ref: number, seq: number): Promise<void> {
    const acks = (message: string) =>
      this.world.violate('acks', `socket ${client.name} (board ${client.board}), ack ${ref}→${seq}: ${message}`)
    const sent = this.world.ledger.get(client.refs.get(ref) ?? -1)
    if (sent === undefined || sent.kind === 'awareness' || client.board === null) return acks('a ref the socket never pushed')
    const acked = this.#ackedSeqs.get(client.board) ?? new Set()
    this.#ackedSeqs.set(client.board, acked)
    if (acked.has(seq)) acks('the seq was acked before')
    acked.add(seq)
    const boardId = this.world.boardId(client.board)
    const log = this.world.held.inner
    if (this.world.deleted.has(client.board)) return void this.unverifiableAcks++
    this.verifiedAcks++
    if (sent.kind === 'snapshot') {
      const version = (await log.listHistory(boardId))?.find((v) => v.seq === seq)
      const bytes = await readWholeSnapshot(log, boardId, seq)
      if (version === undefined || bytes === null) return acks('no snapshot is stored at that seq')
      if (version.coversSeq !== sent.coversSeq || !isDeepStrictEqual(new Uint8Array(bytes), joined(sent.parts)))
        acks('the snapshot stored there is another')
      return
    }
    const stored = (await readWholeReplay(log, boardId, seq - 1))?.updates.find((u) => u.seq === seq)
    if (stored !== undefined) {
      if (!isDeepStrictEqual(new Uint8Array(stored.sealed), sent.sealed)) acks('the log holds other bytes at that seq')
    } else if (!(await this.#droppedBySnapshot(client.board, seq))) {
      acks('the log holds no update at that seq, and no stored snapshot dropped it')
    }
  }

  /** True when a stored snapshot of the board covers `seq` and does not keep it: the update was legitimately dropped. */
  async #droppedBySnapshot(board: number, seq: number): Promise<boolean> {
    for (const { coversSeq, keepSeqs } of await this.#storedSnapshots(board)) {
      if (coversSeq >= seq && !keepSeqs.includes(seq)) return true
    }
    return false
  }

  /** The board's stored snapshots, each matched to the upload that sent it; one that matches none is a violation. */
  async #storedSnapshots(board: number): Promise<{ seq: number; coversSeq: number; keepSeqs: number[] }[]> {
    const boardId = this.world.boardId(board)
    const log = this.world.held.inner
    const snapshots = []
    for (const version of (await log.listHistory(boardId)) ?? []) {
      const bytes = (await readWholeSnapshot(log, boardId, version.seq)) ?? new Uint8Array(0)
      const header = readPayloadHeader(bytes)
      const sent = header === null ? null : this.world.ledger.snapshotWithBytes(header.id, bytes)
      if (sent === null || sent.board !== board || sent.coversSeq !== version.coversSeq) {
        this.world.violate('noHoles', `board ${board}: snapshot ${version.seq} is no upload sent to it`)
        continue
      }
      snapshots.push({ seq: version.seq, coversSeq: version.coversSeq, keepSeqs: sent.keepSeqs })
    }
    return snapshots
  }

  async #checkLog(board: number): Promise<void> {
    const noHoles = (message: string) => this.world.violate('noHoles', `board ${board}: ${message}`)
    const boardId = this.world.boardId(board)
    const log = this.world.held.inner
    const record = await log.getBoard(boardId)
    const replay = await readWholeReplay(log, boardId, 0)
    if (record?.status !== 'live' || replay === null) return noHoles('a live board is missing from the log')
    const updates = new Map(replay.updates.map((u) => [u.seq, u.sealed]))
    for (const [seq, sealed] of updates) {
      const header = readPayloadHeader(sealed)
      const sent = header === null ? undefined : this.world.ledger.get(header.id)
      if (sent?.kind !== 'update' || sent.board !== board || !isDeepStrictEqual(new Uint8Array(sealed), sent.sealed))
        noHoles(`update ${seq} holds bytes no client pushed to it`)
    }
    const snapshots = await this.#storedSnapshots(board)
    for (let seq = 1; seq <= record.headSeq; seq++) {
      const accounted =
        updates.has(seq) || snapshots.some((s) => s.seq === seq) || snapshots.some((s) => s.coversSeq >= seq && !s.keepSeqs.includes(seq))
      if (!accounted) noHoles(`seq ${seq} of ${record.headSeq} is neither stored nor dropped by a snapshot`)
    }
    const latest = snapshots[0]
    for (const seq of updates.keys()) {
      if (latest !== undefined && seq <= latest.coversSeq && !latest.keepSeqs.includes(seq))
        noHoles(`update ${seq} outlived snapshot ${latest.seq} that covers it`)
    }
  }

  async #checkHoldsHead(client: FuzzClient): Promise<void> {
    const view = this.#view(client)
    if (client.socket.closedWith !== null || !view.replayDone || client.board === null || this.world.deleted.has(client.board)) return
    const record = await this.world.held.inner.getBoard(this.world.boardId(client.board))
    if (record?.status !== 'live') return
    for (let seq = 1; seq <= record.headSeq; seq++) {
      if (!this.#holds(view, seq))
        return this.world.violate('order', `open socket ${client.name} never got seq ${seq} of ${record.headSeq}`)
    }
  }
}

function sentBytes(sent: Sent | undefined, kind: PayloadKind, part: number): Uint8Array | null {
  if (sent === undefined) return null
  if (kind === 'update' && sent.kind === 'update') return sent.sealed
  if (kind === 'awareness' && sent.kind === 'awareness') return sent.sealed
  if (kind === 'snapshotPart' && sent.kind === 'snapshot') return sent.parts[part] ?? null
  return null
}
