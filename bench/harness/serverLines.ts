/**
 * The child's side of a bench server's stdin/stdout lines (serverProcess.ts
 * is the parent's): `port N` once listening, `rss N` for each `rss` line,
 * and when stdin closes the server closes and the process exits — so a load
 * generator that dies takes its servers with it.
 */
import readline from 'node:readline'

export function answerBenchLines(port: number, close: () => Promise<void>): void {
  process.stdout.write(`port ${port}\n`)
  const commands = readline.createInterface({ input: process.stdin })
  commands.on('line', (line) => {
    if (line.trim() === 'rss') process.stdout.write(`rss ${process.memoryUsage().rss}\n`)
  })
  commands.on('close', async () => {
    await close()
    process.exit(0)
  })
}
