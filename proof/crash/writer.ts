/**
 * One writer under load: a raw socket that says hello, then keeps up to
 * four sealed updates in flight, records each ack, and reconnects (to the
 * same address, or through a balancer) whenever the socket drops. Unacked
 * updates are never resent: the test only counts what was acknowledged,
 * and an update the server took but never acked may or may not be stored.
 */
import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import { sealPayload } from '../../shared/crypto.ts'
import { decodeServerFrame, encodeClientFrame } from '../../shared/frames.ts'
import { PROTOCOL_VERSION } from '../../shared/protocol.ts'
import type { ServerBoard } from '../boardOnServer.ts'
import type { AckRecorder } from './recorder.ts'

export type CrashBoard = ServerBoard

const IN_FLIGHT = 4
const RECONNECT_MS = 100

export class CrashWriter {
  #socket: WebSocket | null = null
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
    this.#socket?.terminate()
  }

  #connect(): void {
    if (this.#stopped) return
    const socket = new WebSocket(this.wsUrl)
    this.#socket = socket
    this.#inFlight.clear()
    socket.binaryType = 'nodebuffer'
    socket.on('error', () => {})
    socket.on('close', () => {
      if (this.#stopped || this.#socket !== socket) return
      this.#reconnectTimer = setTimeout(() => this.#connect(), RECONNECT_MS * (0.5 + Math.random()))
    })
    socket.on('open', () => {
      const { boardId, accessToken } = this.board
      socket.send(encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId, accessToken, knownSeq: this.#knownSeq }))
    })
    socket.on('message', (data: Buffer) => {
      const frame = decodeServerFrame(new Uint8Array(data))
      if (frame.tag === 'replayDone') {
        this.#knownSeq = Math.max(this.#knownSeq, frame.headSeq)
        for (let i = 0; i < IN_FLIGHT; i++) void this.#push(socket)
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
        void this.#push(socket)
      }
    })
  }

  async #push(socket: WebSocket): Promise<void> {
    const { boardId, encryptionKey } = this.board
    // 100–300 bytes: the size of a card edit.
    const sealed = await sealPayload(encryptionKey, boardId, 'update', randomBytes(100 + Math.floor(Math.random() * 200)))
    if (this.#stopped || this.#socket !== socket || socket.readyState !== WebSocket.OPEN) return
    const ref = this.#nextRef++
    this.#inFlight.set(ref, sealed)
    socket.send(encodeClientFrame({ tag: 'pushUpdate', ref, sealed }))
  }
}
