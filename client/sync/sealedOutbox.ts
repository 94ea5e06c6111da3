/**
 * Seals payloads on a queue of its own, so frames leave in the order they
 * were made even though sealing is asynchronous, and nothing unsealed ever
 * reaches the server.
 */
import { sealPayload, type BoardKeys } from '../../shared/crypto.ts'
import { encodeClientFrame, type ClientFrame } from '../../shared/frames.ts'
import type { SealedKind } from '../../shared/protocol.ts'

export class SealedOutbox {
  #queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly boardId: string,
    private readonly keys: Promise<BoardKeys>,
    /** Sends an encoded frame if the connection is still open. */
    private readonly sendFrame: (bytes: Uint8Array) => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Seals `plaintext` as `kind`, then sends the frames `toFrames` makes of the sealed bytes. */
  send(kind: SealedKind, plaintext: Uint8Array, toFrames: (sealed: Uint8Array) => ClientFrame[]): void {
    this.#queue = this.#queue
      .then(async () => {
        const { encryptionKey } = await this.keys
        const sealed = await sealPayload(encryptionKey, this.boardId, kind, plaintext)
        for (const frame of toFrames(sealed)) this.sendFrame(encodeClientFrame(frame))
      })
      .catch((error) => this.failed(error))
  }
}
