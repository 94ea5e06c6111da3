import { afterEach, describe, expect, it, vi } from 'vitest'
import { LIVENESS_TIMES } from '../../../client/sync/livenessCheck.ts'
import { CloseCode } from '../../../shared/protocol.ts'
import { connectedClient } from '../../kit/scriptedServer.ts'

describe('a connection whose server stops answering', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks with a ping after a short quiet, and without an answer is left: the board says Offline within seconds', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    expect(client.tracker.state).toBe('saved')
    vi.useFakeTimers()
    const pingsBefore = client.socket.sentOf('ping').length
    // The last thing this socket will ever hear.
    client.socket.serverSays({ tag: 'clock', serverTime: Date.now() })

    vi.advanceTimersByTime(LIVENESS_TIMES.quietMs)
    expect(client.socket.sentOf('ping').length).toBe(pingsBefore + 1)
    expect(client.tracker.state).toBe('saved')

    vi.advanceTimersByTime(LIVENESS_TIMES.answerMs)
    expect(client.socket.closedWith).toBe(CloseCode.clientRetry)
    expect(client.tracker.state).toBe('offline')
    expect(client.warnings).toContain('common-ground sync: leaving the connection: no answer from the server')
  })

  it('stays connected while the server answers its pings', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    vi.useFakeTimers()
    client.socket.serverSays({ tag: 'clock', serverTime: Date.now() })
    for (let round = 0; round < 5; round++) {
      vi.advanceTimersByTime(LIVENESS_TIMES.quietMs)
      const ping = client.socket.sentOf('ping').at(-1)!
      client.socket.serverSays({ tag: 'pong', pingId: ping.pingId, serverTime: Date.now() })
    }
    expect(client.socket.closedWith).toBeNull()
    expect(client.tracker.state).toBe('saved')
  })
})
