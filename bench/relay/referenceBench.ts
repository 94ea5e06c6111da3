/**
 * The comparison with the reference Yjs servers: the last part of
 * `npm run bench`, or alone with `node --import tsx bench/relay/referenceBench.ts`.
 * The Markdown goes to stdout, progress to stderr, the figures to
 * bench/results/latest.json.
 */
import { fileURLToPath } from 'node:url'
import { formatReferenceReport, writeReferenceJson } from './referenceReport.ts'
import { runReferenceComparison } from './referenceRun.ts'

const LATEST_JSON = new URL('../results/latest.json', import.meta.url)

export async function benchAgainstReferences(): Promise<void> {
  const results = await runReferenceComparison((line) => process.stderr.write(`bench: ${line}\n`))
  process.stdout.write(formatReferenceReport(results))
  writeReferenceJson(results, LATEST_JSON)
  process.stderr.write(`bench: figures written to ${fileURLToPath(LATEST_JSON)}\n`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchAgainstReferences()
