import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { requireBrowser } from './findBrowser.ts'

/** Fails with one line each when the browser or the built app is missing; never skips silently. */
export default function checkPrerequisites(): void {
  try {
    requireBrowser()
  } catch (error) {
    throw oneLine((error as Error).message)
  }
  if (!existsSync(resolve('dist/client/index.html'))) {
    throw oneLine('dist/client/index.html is missing: build the app first (`npm run test:e2e` builds, or run `npx vite build`).')
  }
}

/** An error Playwright prints as its message alone: without a stack it has no source excerpt to show. */
function oneLine(message: string): Error {
  const error = new Error(message)
  error.stack = `Error: ${message}`
  return error
}
