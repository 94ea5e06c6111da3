/**
 * An in-memory socket pair for testing the relay without `ws`: the relay
 * gets a RelaySocket, the test gets a client end that speaks frames.
 */
import { decodeServerFrame, encodeClientFrame, type ClientFrame, type ServerFrame } from '../../../shared/frames.ts'
import type { Relay } from '../../../server/relay/relay.ts'
import type { SocketEvents } from '../../../server/relay/socket.ts'

type FrameOf<T extends ServerFrame['tag']> = Extract<ServerFrame, { tag: T }>

export class MemoryClient {
  readonly frames: ServerFrame[] = []
  closedWith: { code: number; reason: string } | null = null
  #events: SocketEvents | null = null

  /** Connects a new client end to the relay. */
  static connect(relay: Relay): MemoryClient {
    const client = new MemoryClient()
    client.#events = relay.accept({
      send: (bytes) => {
        if (client.closedWith === null) client.frames.push(decodeServerFrame(bytes))
      },
      close: (code, reason) => {
        if (client.closedWith !== null) return
        client.closedWith = { code, reason }
        // As a real socket would: the close event follows, not inside the close call.
        queueMicrotask(() => client.#events!.closed())
      },
    })
    return client
  }

  send(frame: ClientFrame): void {
    this.#events!.message(encodeClientFrame(frame), true)
  }

  /** The client goes away, as when a tab is closed. */
  disconnect(): void {
    if (this.closedWith !== null) return
    this.closedWith = { code: 1001, reason: 'going away' }
    this.#events!.closed()
  }

  framesOf<T extends ServerFrame['tag']>(tag: T): FrameOf<T>[] {
    return this.frames.filter((f): f is FrameOf<T> => f.tag === tag)
  }

  /** The tags received so far, with seqs for entries, acks and replayDone: a compact transcript. */
  transcript(): string[] {
    return this.frames.map((f) =>
      f.tag === 'entry' ? `entry ${f.kind === 0 ? 'update' : 'snapshot'} ${f.seq}`
      : f.tag === 'ack' ? `ack ${f.ref}→${f.seq}`
      : f.tag === 'replayDone' ? `replayDone ${f.headSeq}`
      : f.tag,
    )
  }
}

/** Resolves once `check` holds, polling across macrotasks (commits happen on setImmediate). */
export async function until(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

/** A promise with its resolve exposed: a gate a test opens when it is ready. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}
