/**
 * docs/reliability.md is written by the proofs themselves: each command
 * replaces its own part there (tests/kit/measuredDoc.ts) with the date, the
 * machine, a one-line result and its tables, and the file's head says
 * which command wrote it last.
 */
import { describeMachine, utcMinute, writeMeasured } from '../tests/kit/measuredDoc.ts'

const RELIABILITY_MD = new URL('../docs/reliability.md', import.meta.url)

export type ReliabilityPart = 'crash-test' | 'fsync-check' | 'fuzz' | 'soak' | 'storm'

export type ReliabilityRun = {
  /** The command as it was run, arguments included. */
  command: string
  startedAt: Date
  /** One line: what passed, in numbers. */
  result: string
  /** The tables. */
  body: string
}

export function writeReliability(part: ReliabilityPart, { command, startedAt, result, body }: ReliabilityRun): void {
  const head =
    'Written by the commands that check each promise — `npm run crash-test -- --with-services`, `npm run fsync-check`, ' +
    '`npm run fuzz -- --strict`, `npm run soak`, `npm run storm` — each rewriting its own part between `measured` markers ' +
    `with the date and machine it ran on. Last written ${utcMinute(new Date())} on ${describeMachine()} by \`${command}\`.`
  const section = `**Result** of \`${command}\`, taken ${utcMinute(startedAt)} on ${describeMachine()}: ${result}\n\n${body.trim()}`
  writeMeasured(RELIABILITY_MD, { head, [part]: section })
  process.stderr.write(`${part}: docs/reliability.md rewritten\n`)
}

/** The command line as typed, for the doc: `npm run <script>` and its arguments after `--`. */
export function commandLine(script: string, argv: readonly string[]): string {
  return `npm run ${script}${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`
}
