/**
 * The short fuzz runs in `npm test`. The seed they use is FUZZ_SEED from the
 * environment when it is set, to replay a run, or else one drawn afresh. It
 * is printed either way, once per test file, so a failure on any machine can
 * be replayed exactly:
 *
 *   FUZZ_SEED=<seed> npx vitest run --project unit tests/unit/fuzzRelay.test.ts
 *
 * (`npm run fuzz -- --seed <seed>` replays it at length.)
 */
import { runFuzzProperty, type FuzzOptions, type FuzzProperty } from './fuzzProperty.ts'

let chosen: number | null = null

/** Runs `property` its short number of times with the printed seed; a failure throws fast-check's report and how to replay it. */
export async function runBriefly(property: FuzzProperty, options: Partial<FuzzOptions> = {}): Promise<void> {
  const seed = fuzzSeed()
  const outcome = await runFuzzProperty(property, { runs: property.shortRuns, seed, ...options })
  if (outcome.failed) throw new Error(`${outcome.report ?? 'failed'}\n\n${replayHint(seed)}`)
}

function fuzzSeed(): number {
  if (chosen !== null) return chosen
  const fromEnvironment = process.env.FUZZ_SEED
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    if (!/^-?\d+$/.test(fromEnvironment)) throw new Error(`FUZZ_SEED must be a whole number, not ${JSON.stringify(fromEnvironment)}`)
    chosen = Number(fromEnvironment)
  } else {
    chosen = (Math.random() * 2 ** 32) | 0
  }
  console.info(`fuzz seed ${chosen}${fromEnvironment ? ' (from FUZZ_SEED)' : ''}: replay with FUZZ_SEED=${chosen}`)
  return chosen
}

/** The line a failed property ends with: how to run exactly it again. */
function replayHint(seed: number): string {
  return `replay: FUZZ_SEED=${seed} npm run test:unit, or npm run fuzz -- --seed ${seed}`
}
