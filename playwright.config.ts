import { defineConfig, devices } from '@playwright/test'
import { CHROMIUM_ARGS, findBrowser } from './tests/kit/browser/findBrowser.ts'

/**
 * End-to-end tests: a real Chromium (the system's, or Playwright's own;
 * tests/kit/browser/findBrowser.ts) drives the real built app (dist/client/), served
 * by the real server that each test starts in-process (tests/kit/browser/fixtures.ts).
 * `npm run test:e2e` builds first. Without a browser the global set-up stops
 * with one line saying how to get one.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/kit/browser/globalSetup.ts',
  // Each test starts its own server and browsers; two at a time keeps a small machine calm.
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? 'list' : 'list',
  use: {
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: findBrowser().path ?? undefined,
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
})
