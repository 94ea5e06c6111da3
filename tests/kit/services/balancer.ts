/**
 * A load balancer for tests, as an operator would put in front of several
 * processes: plain TCP, round-robin, no sticky sessions. A backend that
 * refuses the connection (killed) is skipped for the next one, so a client
 * that reconnects lands on a live process.
 */
import net from 'node:net'

export type TcpBalancer = {
  port: number
  url: string
  wsUrl: string
  /** Cuts every connection it carries, as a balancer does when a backend dies. */
  close(): Promise<void>
}

export async function startTcpBalancer(backendPorts: readonly number[]): Promise<TcpBalancer> {
  let next = 0
  const open = new Set<net.Socket>()
  const track = (socket: net.Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  }

  const connectToBackend = (client: net.Socket, attemptsLeft: number) => {
    const port = backendPorts[next++ % backendPorts.length]!
    const backend = net.connect(port, '127.0.0.1')
    track(backend)
    let connected = false
    backend.once('connect', () => {
      connected = true
      client.pipe(backend)
      backend.pipe(client)
      client.resume()
      backend.once('close', () => client.destroy())
      client.once('close', () => backend.destroy())
    })
    backend.on('error', () => {
      // Refused: this backend is down, so the next one is tried; the client has sent nothing yet.
      if (!connected && attemptsLeft > 1) return connectToBackend(client, attemptsLeft - 1)
      client.destroy()
    })
  }

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client)
    client.on('error', () => {})
    connectToBackend(client, backendPorts.length)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async close() {
      for (const socket of open) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
