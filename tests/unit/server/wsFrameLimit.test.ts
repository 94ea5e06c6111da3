/**
 * The one place the server reaches into ws's internals (server/relay/wsAdapter.ts,
 * limitIncomingFrameBytes): a socket's frame limit lowered after it opened, so
 * that before its hello is checked nothing larger than a hello is buffered. If
 * a new ws moves the field, this fails, saying so, before a server ships with
 * the pre-hello limit silently gone.
 */
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { MESSAGE_TOO_BIG } from '../../../shared/protocol.ts'
import { limitIncomingFrameBytes } from '../../../server/relay/wsAdapter.ts'

/** A server on a free port whose sockets get `onSocket`, and a client connected to it. */
async function socketPair(onSocket: (ws: WebSocket) => void): Promise<WebSocket> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 1024 * 1024 })
  onTestFinished(() => new Promise<void>((resolve) => wss.close(() => resolve())))
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    onSocket(ws)
  })
  await once(wss, 'listening')
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`)
  client.on('error', () => {})
  onTestFinished(() => client.terminate())
  await once(client, 'open')
  return client
}

describe("a socket's frame limit, lowered after it opened", () => {
  it('finds the field ws checks each frame against (if this fails, ws changed its internals: see wsAdapter.ts)', async () => {
    let applied: boolean | null = null
    await socketPair((ws) => (applied = limitIncomingFrameBytes(ws, 256)))
    expect(applied).toBe(true)
  })

  it('cuts off a larger frame from its header (1009), and takes one within the limit', async () => {
    const received: number[] = []
    const client = await socketPair((ws) => {
      limitIncomingFrameBytes(ws, 256)
      ws.on('message', (data: Buffer) => received.push(data.byteLength))
    })
    client.send(new Uint8Array(256))
    client.send(new Uint8Array(257))
    const [code] = (await once(client, 'close')) as [number]
    expect(code).toBe(MESSAGE_TOO_BIG)
    expect(received).toEqual([256])
  })
})
