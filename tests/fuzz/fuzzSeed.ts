/**
 * The seed the short fuzz runs in `npm test` use: FUZZ_SEED from the
 * environment when it is set, to replay a run, or else one drawn afresh. It
 * is printed either way, once per test file, so a failure on any machine can
 * be replayed exactly:
 *
 *   FUZZ_SEED=<seed> npx vitest run --project unit tests/unit/fuzzRelay.test.ts
 *
 * (`npm run fuzz -- --seed <seed>` replays it at length.)
 */
let chosen: number | null = null

export function fuzzSeed(): number {
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
export function replayHint(seed: number): string {
  return `replay: FUZZ_SEED=${seed} npm run test:unit, or npm run fuzz -- --seed ${seed}`
}
