/**
 * The child's side of a bench server's stdin/stdout lines (serverProcess.ts
 * is the parent's): `port N` once listening, `rss N` for each `rss` line
 * (and `NAME N` for each line naming one of the server's own counters),
 * and when stdin closes the server closes and the process exits — so a load
 * generator that dies takes its servers with it.
 */
import readline from 'node:readline'

export function answerBenchLines(port: number, close: () => Promise<void>, counters: Record<string, () => number> = {}): void {
  process.stdout.write(`port ${port}\n`)
  const answers: Record<string, () => number> = { rss: () => process.memoryUsage().rss, ...counters }
  const commands = readline.createInterface({ input: process.stdin })
  commands.on('line', (line) => {
    const name = line.trim()
    if (Object.hasOwn(answers, name)) process.stdout.write(`${name} ${answers[name]!()}\n`)
  })
  commands.on('close', async () => {
    await close()
    process.exit(0)
  })
}
