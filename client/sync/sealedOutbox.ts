/**
 * Seals payloads on a queue of its own, so frames leave in the order they
 * were made even though sealing (and signing) is asynchronous, and nothing
 * unsealed ever reaches the server. Changes and snapshots are signed on the
 * same queue, so this device's counters go out in the order they were given.
 */
import { sealPayload, type BoardKeys } from '../../shared/crypto.ts'
import { encodeClientFrame, type ClientFrame } from '../../shared/frames.ts'
import type { SealedKind } from '../../shared/protocol.ts'

type Wrapped = { kind: SealedKind; plaintext: Uint8Array }

/** How this device's changes and snapshots are wrapped before sealing: signed (boardWitness.ts), or left as they are. */
export type ChangeWrapping = {
  wrapChange(update: Uint8Array): Promise<Wrapped>
  wrapSnapshot(state: Uint8Array, coversSeq: number): Promise<Wrapped>
}

const UNSIGNED: ChangeWrapping = {
  wrapChange: async (update) => ({ kind: 'update', plaintext: update }),
  wrapSnapshot: async (state) => ({ kind: 'snapshot', plaintext: state }),
}

export class SealedOutbox {
  #queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly boardId: string,
    private readonly keys: Promise<BoardKeys>,
    /** Sends an encoded frame if the connection is still open. */
    private readonly sendFrame: (bytes: Uint8Array) => void,
    private readonly failed: (error: unknown) => void,
    private readonly wrapping: ChangeWrapping = UNSIGNED,
  ) {}

  /** Seals `plaintext` as `kind`, then sends the frames `toFrames` makes of the sealed bytes. */
  send(kind: SealedKind, plaintext: Uint8Array, toFrames: (sealed: Uint8Array) => ClientFrame[]): void {
    this.#sealAndSend(async () => ({ kind, plaintext }), toFrames)
  }

  /**
   * Seals in turn as `send` does, but hands the encoded frames to `keep`
   * instead of sending them: for a frame that must be able to leave at once
   * later, when there is no time left to seal (a goodbye on closing).
   */
  prepare(kind: SealedKind, plaintext: Uint8Array, toFrame: (sealed: Uint8Array) => ClientFrame, keep: (frame: Uint8Array) => void): void {
    this.#seal(
      async () => ({ kind, plaintext }),
      (sealed) => keep(encodeClientFrame(toFrame(sealed))),
    )
  }

  /** This device's change, signed where it signs. */
  sendChange(update: Uint8Array, toFrames: (sealed: Uint8Array) => ClientFrame[]): void {
    this.#sealAndSend(() => this.wrapping.wrapChange(update), toFrames)
  }

  /** A snapshot of the board covering the log to `coversSeq`, signed where this device signs. */
  sendSnapshot(state: Uint8Array, coversSeq: number, toFrames: (sealed: Uint8Array) => ClientFrame[]): void {
    this.#sealAndSend(() => this.wrapping.wrapSnapshot(state, coversSeq), toFrames)
  }

  #sealAndSend(wrap: () => Promise<Wrapped>, toFrames: (sealed: Uint8Array) => ClientFrame[]): void {
    this.#seal(wrap, (sealed) => {
      for (const frame of toFrames(sealed)) this.sendFrame(encodeClientFrame(frame))
    })
  }

  #seal(wrap: () => Promise<Wrapped>, sealed: (bytes: Uint8Array) => void): void {
    this.#queue = this.#queue
      .then(async () => {
        const { encryptionKey } = await this.keys
        const { kind, plaintext } = await wrap()
        sealed(await sealPayload(encryptionKey, this.boardId, kind, plaintext))
      })
      .catch((error) => this.failed(error))
  }
}
