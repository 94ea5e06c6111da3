/**
 * An in-memory socket pair for testing the relay without `ws`: the relay
 * gets a RelaySocket, the test gets a client end that speaks frames.
 *
 * The test plays the network too: it sets `bufferedAmount` to stand for a
 * reader that has not taken what it was sent, and reads `paused` to see
 * whether the relay has stopped reading this socket.
 */
import { decodeServerFrame, encodeClientFrame, type ClientFrame, type ServerFrame } from '../../../shared/frames.ts'
import { RejectReason } from '../../../shared/protocol.ts'
import type { Relay } from '../../../server/relay/relay.ts'
import type { RelaySocket, SocketEvents } from '../../../server/relay/socket.ts'

type FrameOf<T extends ServerFrame['tag']> = Extract<ServerFrame, { tag: T }>

/** The address sockets come from unless a test says otherwise (TEST-NET-3, never a real client). */
export const DEFAULT_ADDRESS = '203.0.113.1'

export class MemoryClient {
  readonly frames: ServerFrame[] = []
  closedWith: { code: number; reason: string } | null = null
  /** True while the relay has paused reading this socket. */
  paused = false
  /** How many times the relay paused this socket. */
  pauses = 0
  /** The largest frame the relay last said this socket should take (a real socket cuts off larger ones; this one only records it). */
  frameLimit: number | null = null
  #bufferedAmount = 0
  /** Frames sent while this reader had bytes it had not taken: taken only once it has taken everything. */
  #untaken: Array<() => void> = []
  #drainWaiters: Array<{ below: number; wake: () => void }> = []
  #events: SocketEvents | null = null

  /** Connects a new client end to the relay, as if from `remoteAddress`. */
  static connect(relay: Relay, remoteAddress = DEFAULT_ADDRESS): MemoryClient {
    const client = new MemoryClient()
    client.#events = relay.accept(client.#relaySide(), remoteAddress)
    return client
  }

  /** Bytes the relay has sent that this reader has "not taken": set it to simulate a slow reader. */
  get bufferedAmount(): number {
    return this.#bufferedAmount
  }

  set bufferedAmount(bytes: number) {
    this.#bufferedAmount = bytes
    if (bytes === 0) this.#takeEverything()
    this.#wakeDrained()
  }

  send(frame: ClientFrame): void {
    this.sendBytes(encodeClientFrame(frame))
  }

  /** Sends raw bytes, for frames no encoder would write. */
  sendBytes(bytes: Uint8Array, isBinary = true): void {
    this.#events!.message(bytes, isBinary)
  }

  /** The client goes away, as when a tab is closed. */
  disconnect(): void {
    if (this.closedWith !== null) return
    this.closedWith = { code: 1001, reason: 'going away' }
    this.#takeEverything()
    this.#wakeDrained()
    this.#events!.closed()
  }

  framesOf<T extends ServerFrame['tag']>(tag: T): FrameOf<T>[] {
    return this.frames.filter((f): f is FrameOf<T> => f.tag === tag)
  }

  /** The frames received so far with the numbers a test cares about: a compact transcript. */
  transcript(): string[] {
    return this.frames.map(describeFrame)
  }

  #relaySide(): RelaySocket {
    // The object's getters have a `this` of their own; they read the client through this name.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const client = this
    return {
      send: (bytes, taken) => {
        if (client.closedWith === null) client.frames.push(decodeServerFrame(bytes))
        if (taken === undefined) return
        if (client.#bufferedAmount > 0 && client.closedWith === null) client.#untaken.push(taken)
        else taken()
      },
      close: (code, reason) => {
        if (client.closedWith !== null) return
        client.closedWith = { code, reason }
        client.#takeEverything()
        client.#wakeDrained()
        // As a real socket would: the close event follows, not inside the close call.
        queueMicrotask(() => client.#events!.closed())
      },
      get bufferedAmount() {
        return client.#bufferedAmount
      },
      whenBufferedBelow: (below) => {
        if (client.#bufferedAmount <= below || client.closedWith !== null) return Promise.resolve()
        return new Promise((wake) => client.#drainWaiters.push({ below, wake }))
      },
      limitFrameBytes: (maxBytes) => {
        client.frameLimit = maxBytes
      },
      pause: () => {
        if (!client.paused) client.pauses++
        client.paused = true
      },
      resume: () => {
        client.paused = false
      },
    }
  }

  #takeEverything(): void {
    const untaken = this.#untaken
    this.#untaken = []
    for (const taken of untaken) taken()
  }

  #wakeDrained(): void {
    const waiting = this.#drainWaiters
    this.#drainWaiters = []
    for (const waiter of waiting) {
      if (this.#bufferedAmount <= waiter.below || this.closedWith !== null) waiter.wake()
      else this.#drainWaiters.push(waiter)
    }
  }
}

function describeFrame(f: ServerFrame): string {
  switch (f.tag) {
    case 'welcome':
      return `welcome from ${f.replayFrom}`
    case 'entry':
      return `entry ${f.seq}`
    case 'entries':
      return `entries ${f.entries.map((e) => e.seq).join(',')}`
    case 'snapshotPart':
      return `snapshotPart ${f.seq} covers ${f.coversSeq} part ${f.index + 1}/${f.partCount}`
    case 'snapshotStored':
      return `snapshotStored ${f.seq} covers ${f.coversSeq}`
    case 'replayDone':
      return `replayDone ${f.headSeq}`
    case 'ack':
      return `ack ${f.ref}→${f.seq}`
    case 'reject':
      return `reject ${f.ref}: ${Object.keys(RejectReason).find((name) => RejectReason[name as keyof typeof RejectReason] === f.reason)}`
    default:
      return f.tag
  }
}

/** A promise with its resolve exposed: a gate a test opens when it is ready. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}
