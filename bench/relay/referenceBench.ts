/**
 * The comparison with the reference Yjs servers: the last part of
 * `npm run bench`, or alone with `node --import tsx bench/relay/referenceBench.ts`.
 * The Markdown goes to its part of docs/benchmarks.md and to stdout,
 * progress to stderr, the figures to bench/results/latest.json. A run
 * shortened by BENCH_REFERENCE_RUNS, BENCH_REFERENCE_SECONDS or
 * BENCH_REFERENCE_ONLY is not the measurement the doc describes, so it
 * leaves the doc and the JSON as they are.
 */
import { fileURLToPath } from 'node:url'
import { writeBenchmarks } from '../harness/benchmarksDoc.ts'
import { formatReferenceReport, writeReferenceJson } from './referenceReport.ts'
import { runReferenceComparison } from './referenceRun.ts'
import { SHORTENED } from './referenceScenarios.ts'

const LATEST_JSON = new URL('../results/latest.json', import.meta.url)

export async function benchAgainstReferences(command: string): Promise<void> {
  const results = await runReferenceComparison((line) => process.stderr.write(`bench: ${line}\n`))
  const markdown = formatReferenceReport(results)
  process.stdout.write(markdown)
  if (SHORTENED) {
    process.stderr.write('bench: a shortened reference run; docs/benchmarks.md and bench/results/latest.json left as they were\n')
    return
  }
  writeBenchmarks(command, { reference: markdown })
  writeReferenceJson(results, LATEST_JSON)
  process.stderr.write(`bench: figures written to ${fileURLToPath(LATEST_JSON)}\n`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchAgainstReferences('node --import tsx bench/relay/referenceBench.ts')
