/**
 * One writer under load: a raw client (tests/kit/rawClient.ts) that says
 * hello, then keeps up to four sealed updates in flight, records each ack,
 * and reconnects (to the same address, or through a balancer) whenever its
 * socket drops. Unacked updates are never resent: the test only counts what
 * was acknowledged, and an update the server took but never acked may or
 * may not be stored.
 */
import { randomBytes } from 'node:crypto'
import { PROTOCOL_VERSION } from '../../../shared/protocol.ts'
import type { ServerFrame } from '../../../shared/frames.ts'
import { seal, type TestBoard } from '../boards.ts'
import { RawClient } from '../rawClient.ts'
import type { AckRecorder } from './recorder.ts'

export type CrashBoard = Pick<TestBoard, 'boardId' | 'accessToken' | 'encryptionKey'>

const IN_FLIGHT = 4
const RECONNECT_MS = 100

export class CrashWriter {
  #client: RawClient | null = null
  #stopped = false
  #nextRef = 1
  readonly #inFlight = new Map<number, Uint8Array>()
  /** The highest seq this writer has seen, so a reconnect replays only what is new. */
  #knownSeq = 0
  #reconnectTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly wsUrl: string,
    private readonly board: CrashBoard,
    private readonly recorder: AckRecorder,
  ) {}

  start(): void {
    this.#connect()
  }

  stop(): void {
    this.#stopped = true
    if (this.#reconnectTimer !== null) clearTimeout(this.#reconnectTimer)
    this.#client?.socket.terminate()
  }

  #connect(): void {
    if (this.#stopped) return
    this.#inFlight.clear()
    RawClient.connect(this.wsUrl).then(
      (client) => {
        if (this.#stopped) return client.socket.terminate()
        this.#client = client
        client.onFrame((frame) => this.#heard(client, frame))
        void client.closed.then(() => this.#client === client && this.#reconnectSoon())
        client.hello(this.board, PROTOCOL_VERSION, this.#knownSeq)
      },
      // Refused: the server is down, between its kill and its next start.
      () => this.#reconnectSoon(),
    )
  }

  #reconnectSoon(): void {
    if (this.#stopped) return
    this.#reconnectTimer = setTimeout(() => this.#connect(), RECONNECT_MS * (0.5 + Math.random()))
  }

  #heard(client: RawClient, frame: ServerFrame): void {
    if (frame.tag === 'replayDone') {
      this.#knownSeq = Math.max(this.#knownSeq, frame.headSeq)
      for (let i = 0; i < IN_FLIGHT; i++) void this.#push(client)
    } else if (frame.tag === 'entry') {
      this.#knownSeq = Math.max(this.#knownSeq, frame.seq)
    } else if (frame.tag === 'entries') {
      for (const entry of frame.entries) this.#knownSeq = Math.max(this.#knownSeq, entry.seq)
    } else if (frame.tag === 'ack') {
      const sealed = this.#inFlight.get(frame.ref)
      if (sealed === undefined) return
      this.#inFlight.delete(frame.ref)
      this.recorder.record(this.board.boardId, frame.seq, sealed)
      this.#knownSeq = Math.max(this.#knownSeq, frame.seq)
      void this.#push(client)
    }
  }

  async #push(client: RawClient): Promise<void> {
    // 100–300 bytes: the size of a card edit.
    const sealed = await seal(this.board, randomBytes(100 + Math.floor(Math.random() * 200)))
    if (this.#stopped || this.#client !== client || client.socket.readyState !== client.socket.OPEN) return
    const ref = this.#nextRef++
    this.#inFlight.set(ref, sealed)
    client.send({ tag: 'pushUpdate', ref, sealed })
  }
}
