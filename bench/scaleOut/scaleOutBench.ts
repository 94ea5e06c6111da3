/**
 * The scale-out scenario: part of `npm run bench`, or alone with
 * `node --import tsx bench/scaleOut/scaleOutBench.ts` (about a minute and a half).
 * The Markdown goes to its part of docs/benchmarks.md and to stdout,
 * progress to stderr, the figures to bench/results/scale-out.json. Without PostgreSQL 15 or Redis installed,
 * the report says it did not run and the exit code is 1.
 */
import { fileURLToPath } from 'node:url'
import { writeBenchmarks } from '../harness/benchmarksDoc.ts'
import { formatScaleOutReport, writeScaleOutJson } from './scaleOutReport.ts'
import { runScaleOut } from './scaleOutRun.ts'

const SCALE_OUT_JSON = new URL('../results/scale-out.json', import.meta.url)

export async function benchScaleOut(command: string): Promise<void> {
  let results
  try {
    results = await runScaleOut((line) => process.stderr.write(`bench: ${line}\n`))
  } catch (error) {
    process.stdout.write(`\nScale-out not run: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
    return
  }
  const markdown = formatScaleOutReport(results)
  process.stdout.write(markdown)
  writeBenchmarks(command, { 'scale-out': markdown })
  writeScaleOutJson(results, SCALE_OUT_JSON)
  process.stderr.write(`bench: scale-out figures written to ${fileURLToPath(SCALE_OUT_JSON)}\n`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchScaleOut('node --import tsx bench/scaleOut/scaleOutBench.ts')
