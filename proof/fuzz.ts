/**
 * `npm run fuzz [-- --runs N] [--seed S [--path P]] [--only TEXT] [--strict] [--no-corpus]`:
 * every fuzz property of tests/fuzz/ at length — the wire format, the
 * relay's state machine, the client's log mirror — the same properties
 * `npm test` runs briefly.
 *
 * - `--runs N`: runs per property (default: each property's own, a few
 *   minutes in all on two cores).
 * - `--seed S` (or FUZZ_SEED=S, the variable `npm test` prints): replays
 *   with that seed; with `--path P`, exactly the counterexample fast-check
 *   reported.
 * - `--only TEXT`: the properties whose name contains TEXT.
 * - `--strict`: known, reported bugs (tests/fuzz/knownBugs.ts) fail too.
 * - `--no-corpus`: random inputs only, to replay a path found without it.
 *
 * Prints one line per property (runs, seed, result, time) and, on a failure,
 * its seed, path and shrunk counterexample; then a Markdown table, which a
 * whole run (not one narrowed by --only, replaying a seed or a path, or
 * without the corpus) also writes to its part of docs/reliability.md.
 * Exits 1 if any property failed.
 */
import { frameProperties } from '../tests/fuzz/frameProperties.ts'
import { runFuzzProperty, type FuzzOutcome, type FuzzProperty } from '../tests/fuzz/fuzzProperty.ts'
import { failOnKnownBugs, knownBugs, takeKnownBugHits } from '../tests/fuzz/knownBugs.ts'
import { mirrorProperties } from '../tests/fuzz/mirrorProperties.ts'
import { relayProperties } from '../tests/fuzz/relayProperties.ts'
import { fuzzResult, fuzzTable, type FuzzRow } from './fuzz/table.ts'
import { commandLine, writeReliability } from './reliabilityDoc.ts'

type Args = {
  runs: number | null
  seed: number | undefined
  path: string | undefined
  only: string | null
  strict: boolean
  corpus: boolean
}

function readArgs(argv: readonly string[]): Args {
  const fromEnvironment = process.env.FUZZ_SEED
  const seed = fromEnvironment !== undefined && /^-?\d+$/.test(fromEnvironment) ? Number(fromEnvironment) : undefined
  const args: Args = { runs: null, seed, path: undefined, only: null, strict: false, corpus: true }
  const value = (i: number) => argv[i + 1] ?? ''
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === '--runs' && /^[1-9]\d*$/.test(value(i))) args.runs = Number(argv[++i])
    else if (flag === '--seed' && /^-?\d+$/.test(value(i))) args.seed = Number(argv[++i])
    else if (flag === '--path' && /^\d+(:\d+)*$/.test(value(i))) args.path = argv[++i]
    else if (flag === '--only' && value(i) !== '') args.only = argv[++i]!
    else if (flag === '--strict') args.strict = true
    else if (flag === '--no-corpus') args.corpus = false
    else {
      process.stderr.write(
        `fuzz: unknown argument ${JSON.stringify(flag)}; use --runs N, --seed S, --path P (with --seed), --only TEXT, --strict, --no-corpus\n`,
      )
      process.exit(2)
    }
  }
  if (args.path !== undefined && args.seed === undefined) {
    process.stderr.write('fuzz: --path replays a counterexample only with the --seed it was found with\n')
    process.exit(2)
  }
  return args
}

const args = readArgs(process.argv.slice(2))
const startedAt = new Date()
failOnKnownBugs(args.strict)
const properties: FuzzProperty[] = [...frameProperties, ...relayProperties, ...mirrorProperties].filter(
  (property) => args.only === null || property.name.includes(args.only),
)
const print = (line: string) => void process.stdout.write(`${line}\n`)
const rows: FuzzRow[] = []
let failed = false

for (const property of properties) {
  const outcome: FuzzOutcome = await runFuzzProperty(property, {
    runs: args.runs ?? property.longRuns,
    seed: args.seed,
    path: args.path,
    corpus: args.corpus,
  })
  const knownHits = [...takeKnownBugHits()].map(([id, count]) => `known bug ${id} seen ${count}×`)
  const result = outcome.failed ? 'FAILED' : knownHits.length > 0 ? `passed (${knownHits.join(', ')})` : 'passed'
  print(`${result.padEnd(6)} ${property.name}\n       runs ${outcome.runs}, seed ${outcome.seed}, ${(outcome.ms / 1000).toFixed(1)} s`)
  if (outcome.report !== null) print(`\n${outcome.report}\n`)
  failed ||= outcome.failed
  rows.push({ property: property.name, runs: outcome.runs, seed: outcome.seed, result, seconds: outcome.ms / 1000 })
}

if (!args.strict && knownBugs.length > 0) {
  print(`\nKnown bugs, reported and let through (--strict fails on them):`)
  for (const bug of knownBugs) print(`- ${bug.id}: ${bug.summary}`)
}
print(`\n${fuzzTable(rows)}`)
const whole = args.only === null && args.seed === undefined && args.corpus
if (whole)
  writeReliability('fuzz', {
    command: commandLine('fuzz', process.argv.slice(2)),
    startedAt,
    result: fuzzResult(rows),
    body: fuzzTable(rows),
  })
else process.stderr.write('fuzz: a narrowed run or a replay; docs/reliability.md left as it was\n')
process.exit(failed ? 1 : 0)
