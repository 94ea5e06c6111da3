/**
 * What every fuzz property in tests/fuzz/ is: a rule of the design as its
 * name, a fast-check property that checks it, and the inputs it always
 * tries first (the corpus). The same object runs briefly in `npm test`
 * (tests/unit/fuzz*.test.ts) and at length in `npm run fuzz`
 * (proof/fuzz.ts); only the number of runs differs.
 */
import fc from 'fast-check'

// A list of properties holds properties of different argument types; fast-check's types need `any` for that.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FuzzProperty<Ts extends unknown[] = any[]> = {
  /** The rule the property checks, as a sentence: what a failure breaks. */
  name: string
  /** Runs in `npm test`: the whole short fuzz run stays within ~20 s on two cores. */
  shortRuns: number
  /** Runs in `npm run fuzz` unless --runs says otherwise: all of them together take a few minutes. */
  longRuns: number
  property: () => fc.IRawProperty<Ts>
  /** Inputs tried before any random ones: the corpus of bad inputs earlier work named. */
  examples?: Ts[]
}

/** fc.record, but never with a null prototype: values compared with what a decoder builds must have Object's. */
export function plainRecord<T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>
}

export type FuzzOptions = {
  runs: number
  seed?: number
  /** With the seed, replays one counterexample as fast-check reported it. */
  path?: string
  /** Try the corpus first (default); the short relay runs leave it to its own regression tests. */
  corpus?: boolean
  /** Shrink a counterexample (default); a regression test replaying one input need not. */
  shrink?: boolean
}

export type FuzzOutcome = {
  name: string
  runs: number
  seed: number
  failed: boolean
  /** fast-check's report: the seed, the path and the shrunk counterexample. */
  report: string | null
  ms: number
}

/** Runs one property; never throws for a failure of the property, it is in the outcome. */
export async function runFuzzProperty(fuzz: FuzzProperty, options: FuzzOptions): Promise<FuzzOutcome> {
  const started = performance.now()
  const details = await fc.check(fuzz.property(), {
    numRuns: options.runs,
    seed: options.seed,
    path: options.path,
    examples: options.corpus === false ? [] : fuzz.examples,
    endOnFailure: options.shrink === false,
  })
  return {
    name: fuzz.name,
    runs: details.numRuns,
    seed: details.seed,
    failed: details.failed,
    report: details.failed ? await describeFailure(details) : null,
    ms: performance.now() - started,
  }
}

/** fast-check's report, with the property's own error message, which names the rule and what broke it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any property's details
async function describeFailure(details: fc.RunDetails<any[]>): Promise<string> {
  const report = (await fc.asyncDefaultReportMessage(details)) ?? 'failed'
  const error = details.errorInstance
  const message = error instanceof Error ? error.message : error === null || error === undefined ? '' : String(error)
  return message === '' || report.includes(message) ? report : `${report}\n\n${message}`
}
