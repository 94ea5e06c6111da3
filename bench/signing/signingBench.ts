/**
 * What signing costs, measured: the signed board's open and reload against
 * the unsigned one's in Chromium, and the relay's work per update with and
 * without a signed envelope. Part of `npm run bench`; runnable alone after
 * `vite build` (`node --import tsx bench/signing/signingBench.ts`), which
 * rewrites only this part of docs/benchmarks.md.
 */
import { fileURLToPath } from 'node:url'
import { writeBenchmarks } from '../harness/benchmarksDoc.ts'
import type { WorkloadShape } from '../log/workload.ts'
import { measureRelayPerUpdate } from './relayPerUpdate.ts'
import { measureSignedBoardOpen } from './signedBoardOpen.ts'
import { formatSigningReport } from './signingReport.ts'

/** A 2,000-card open takes seconds and the machine is shared: five rounds each, medians compared. */
const OPEN_ROUNDS = 5
/** About two seconds a round here: enough CPU time that /proc's 10 ms ticks do not decide the ratio. */
const RELAY: WorkloadShape = { boards: 20, framesPerBoard: 400, inFlightPerWriter: 4, deadlineMs: 30_000 }
const RELAY_ROUNDS = 6

export async function benchSigning(command: string): Promise<void> {
  const progress = (line: string) => process.stderr.write(`bench: signing, ${line}\n`)
  const open = await measureSignedBoardOpen(OPEN_ROUNDS, progress)
  const relay = await measureRelayPerUpdate(RELAY, RELAY_ROUNDS, progress)
  const markdown = formatSigningReport(open, relay)
  process.stdout.write(markdown)
  writeBenchmarks(command, { signing: markdown })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchSigning('node --import tsx bench/signing/signingBench.ts')
