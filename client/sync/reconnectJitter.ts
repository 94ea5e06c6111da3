/**
 * Reconnecting at a moment of one's own. The provider's reconnect back-off
 * has no random part, so after a server restart every device would come
 * back at the same instants, a thundering herd. A socket opened after one
 * that dropped (closed without being asked to) first waits a random moment
 * of up to a second; the first socket, and one after a close we asked for,
 * connect at once.
 */
import type { SocketConstructor, SocketLike } from './transport.ts'

/** The most a reconnect waits on top of the provider's back-off. */
export const RECONNECT_JITTER_MS = 1000

export function withReconnectJitter(
  WebSocketImpl: SocketConstructor,
  random = Math.random,
  maxMs = RECONNECT_JITTER_MS,
): SocketConstructor {
  /** Shared by the sockets of one board connection: did the last one drop? */
  let lastDropped = false

  return class JitteredSocket implements SocketLike {
    onopen: SocketLike['onopen'] = null
    onmessage: SocketLike['onmessage'] = null
    onclose: SocketLike['onclose'] = null
    onerror: SocketLike['onerror'] = null
    #binaryType = 'blob'
    #real: SocketLike | null = null
    #waiting: ReturnType<typeof setTimeout> | null = null
    #closedByUs = false

    constructor(url: string) {
      if (!lastDropped) this.#open(url)
      else this.#waiting = setTimeout(() => this.#open(url), random() * maxMs)
    }

    get binaryType(): string {
      return this.#binaryType
    }

    set binaryType(type: string) {
      this.#binaryType = type
      if (this.#real) this.#real.binaryType = type
    }

    send(data: Uint8Array): void {
      this.#real?.send(data)
    }

    close(code?: number, reason?: string): void {
      this.#closedByUs = true
      if (this.#real) return this.#real.close(code, reason)
      if (this.#waiting === null) return
      clearTimeout(this.#waiting)
      this.#waiting = null
      // Never connected: it closes as a socket does, after the call returns.
      queueMicrotask(() => this.onclose?.({ code: code ?? 1000, reason: reason ?? '' }))
    }

    #open(url: string): void {
      this.#waiting = null
      const real = new WebSocketImpl(url)
      this.#real = real
      real.binaryType = this.#binaryType
      real.onopen = (event) => {
        lastDropped = false
        this.onopen?.(event)
      }
      real.onmessage = (event) => this.onmessage?.(event)
      real.onerror = (event) => this.onerror?.(event)
      real.onclose = (event) => {
        if (!this.#closedByUs) lastDropped = true
        this.onclose?.(event)
      }
    }
  }
}
