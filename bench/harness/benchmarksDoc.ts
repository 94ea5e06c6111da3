/**
 * docs/benchmarks.md is written by the bench itself: each part it measures
 * replaces that part's figures there (tests/kit/measuredDoc.ts), and the
 * file's head says which command wrote it last, when and where.
 */
import { describeMachine, utcMinute, writeMeasured } from '../../tests/kit/measuredDoc.ts'

const BENCHMARKS_MD = new URL('../../docs/benchmarks.md', import.meta.url)

export type BenchmarkPart =
  'log' | 'pause' | 'flood' | 'resume' | 'presence' | 'big-board' | 'signing' | 'snapshot-stall' | 'reference' | 'scale-out'

/** Writes `parts` to docs/benchmarks.md, with a head naming `command` and this machine. */
export function writeBenchmarks(command: string, parts: Partial<Record<BenchmarkPart, string>>): void {
  const head =
    'Written by `npm run bench`, which rewrites every part between `measured` markers; each part says when its figures were taken, ' +
    `and a part run alone rewrites only itself. Last written ${utcMinute(new Date())} on ${describeMachine()} by \`${command}\`.`
  writeMeasured(BENCHMARKS_MD, { head, ...parts })
  process.stderr.write(`bench: docs/benchmarks.md rewritten (${Object.keys(parts).join(', ')})\n`)
}
