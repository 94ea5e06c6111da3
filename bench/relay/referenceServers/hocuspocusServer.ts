/**
 * Reference for the bench: Hocuspocus with no extensions, so each document
 * lives in memory while it has a connection, and any token is accepted.
 * Speaks serverLines.ts.
 */
import { Server } from '@hocuspocus/server'
import { answerBenchLines } from '../../harness/serverLines.ts'

// Port 0 picks a free port; the bench stops it through stdin, not signals.
const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false })
await server.listen()

answerBenchLines(server.address.port, async () => {
  // destroy() waits for every document to unload; a bench that died mid-run may leave some, so it is bounded.
  await Promise.race([server.destroy(), new Promise((resolve) => setTimeout(resolve, 2000))])
})
