/**
 * A socket's client frames, handled strictly one after another, so its
 * pushes reach the log in the order they were sent. Until the hello is
 * checked the inbox takes only a few frames (the hello and a few pipelined
 * ones): the limit counts what was sent, not what waits.
 */
import type { ClientFrame } from '../../shared/frames.ts'
import { CloseCode, ProtocolError } from '../../shared/protocol.ts'

export class Inbox {
  readonly #frames: ClientFrame[] = []
  /** Frames taken before the hello was checked, the hello included. */
  #framesBeforeHello = 0
  #draining = false
  #closed = false

  constructor(
    private readonly maxFramesBeforeHello: number,
    /** Handles one frame; the next waits until it settles. */
    private readonly handle: (frame: ClientFrame) => Promise<void> | void,
    /** Where a handler's error goes: the socket's one catch. */
    private readonly fail: (error: unknown) => void,
  ) {}

  /** Queues a frame; throws when too many were sent before the hello was checked. */
  push(frame: ClientFrame, helloChecked: boolean): void {
    if (!helloChecked && ++this.#framesBeforeHello > this.maxFramesBeforeHello) {
      throw new ProtocolError(CloseCode.protocolError, 'too many frames before the hello was checked')
    }
    this.#frames.push(frame)
    void this.#drain()
  }

  /** The socket closed: what waits is dropped, and nothing more is handled. */
  close(): void {
    this.#closed = true
    this.#frames.length = 0
  }

  async #drain(): Promise<void> {
    if (this.#draining) return
    this.#draining = true
    try {
      while (!this.#closed && this.#frames.length > 0) await this.handle(this.#frames.shift()!)
    } catch (error) {
      this.fail(error)
    } finally {
      this.#draining = false
    }
  }
}
