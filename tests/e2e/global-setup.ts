import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/** Fails with one line each when the browser or the built app is missing; never skips silently. */
export default function checkPrerequisites(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`)
  }
  if (!existsSync(resolve('dist/client/index.html'))) {
    throw new Error('dist/client/index.html is missing: build the app first (`npm run test:e2e` builds, or run `npx vite build`).')
  }
}
