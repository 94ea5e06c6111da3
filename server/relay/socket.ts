/**
 * The minimal socket the relay depends on, so the relay can be tested with
 * an in-memory pair and served by `ws` in production (wsAdapter.ts).
 *
 * The relay gets a RelaySocket to send on and hands back SocketEvents that
 * the owner of the real socket calls as things happen.
 */

export interface RelaySocket {
  /**
   * Sends one binary frame; a no-op once the socket is closing. `taken`, when
   * given, is called once the network has taken the frame off the server's
   * hands (or the socket closed first): how a reader's budget learns its
   * bytes left memory.
   */
  send(bytes: Uint8Array, taken?: () => void): void
  /** Starts closing with a WebSocket close code and a reason of at most 123 UTF-8 bytes. */
  close(code: number, reason: string): void
  /** Bytes given to send() that the network has not taken yet. */
  readonly bufferedAmount: number
  /** Resolves once bufferedAmount is at or below `bytes`, or the socket has closed. */
  whenBufferedBelow(bytes: number): Promise<void>
  /**
   * The largest frame the socket will buffer at all; a larger one is cut
   * off from its header, before its payload is read (WebSocket close 1009).
   * Until the hello is checked only a hello-sized frame is taken this way.
   */
  limitFrameBytes(maxBytes: number): void
  /** Stops reading from the network until resume(); a frame already read may still arrive. */
  pause(): void
  resume(): void
}

export interface SocketEvents {
  /** One whole message; `isBinary` is false for text frames, which the protocol does not use. */
  message(bytes: Uint8Array, isBinary: boolean): void
  /** The socket is closed, by either side. Called once. */
  closed(): void
}
