import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withReconnectJitter } from '../../../client/sync/reconnectJitter.ts'
import type { SocketLike } from '../../../client/sync/transport.ts'

/** Sockets as the browser makes them, here only recorded; a test opens and closes them. */
class FakeSocket implements SocketLike {
  static made: FakeSocket[] = []
  binaryType = 'blob'
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  onerror: SocketLike['onerror'] = null
  constructor(readonly url: string) {
    FakeSocket.made.push(this)
  }
  send(): void {}
  close(code = 1000): void {
    this.onclose?.({ code, reason: '' })
  }
  drop(): void {
    this.onclose?.({ code: 1006, reason: '' })
  }
}

describe('reconnecting at a moment of its own', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeSocket.made = []
  })
  afterEach(() => vi.useRealTimers())

  it('the first socket connects at once; one after a drop waits its random share of a second', () => {
    const Socket = withReconnectJitter(FakeSocket, () => 0.5)
    const first = new Socket('ws://board')
    first.binaryType = 'arraybuffer'
    expect(FakeSocket.made).toHaveLength(1)
    expect(FakeSocket.made[0]!.binaryType).toBe('arraybuffer')
    FakeSocket.made[0]!.onopen?.({})
    FakeSocket.made[0]!.drop()

    new Socket('ws://board')
    expect(FakeSocket.made).toHaveLength(1)
    vi.advanceTimersByTime(499)
    expect(FakeSocket.made).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.made).toHaveLength(2)
  })

  it('after a close we asked for, the next socket connects at once', () => {
    const Socket = withReconnectJitter(FakeSocket, () => 0.9)
    new Socket('ws://board').close()
    new Socket('ws://board')
    expect(FakeSocket.made).toHaveLength(2)
  })

  it('closed while it waits: it says closed and never connects', async () => {
    const Socket = withReconnectJitter(FakeSocket, () => 0.9)
    new Socket('ws://board')
    FakeSocket.made[0]!.drop()
    const waiting = new Socket('ws://board')
    const closed = vi.fn()
    waiting.onclose = closed
    waiting.close(1000, 'bye')
    await Promise.resolve()
    expect(closed).toHaveBeenCalledWith({ code: 1000, reason: 'bye' })
    vi.advanceTimersByTime(2000)
    expect(FakeSocket.made).toHaveLength(1)
  })
})
