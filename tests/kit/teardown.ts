/**
 * What the kit opens (sockets, servers, temp dirs) is closed when the test
 * that opened it ends. Under vitest, tests/kit/vitestSetup.ts hands the kit
 * vitest's `onTestFinished`; anywhere else (Playwright fixtures, benches,
 * proofs) nothing is registered and the caller closes what it opened. The
 * kit itself never imports a test runner, so Playwright and plain Node can
 * load any of it.
 */
type Register = (cleanup: () => unknown) => void

let register: Register | null = null

/** Called once per test file by the vitest setup file. */
export function closeWithEachTest(registerCleanup: Register): void {
  register = registerCleanup
}

/** Runs `cleanup` when the current test ends (under vitest); elsewhere the caller closes what it opened. */
export function afterThisTest(cleanup: () => unknown): void {
  register?.(cleanup)
}
