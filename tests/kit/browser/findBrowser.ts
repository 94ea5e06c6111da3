/**
 * Which Chromium the end-to-end tests and the bench drive, found where a
 * person expects it: CHROMIUM_PATH when set, then a system Chromium or
 * Chrome under its usual names, then the browser `npx playwright install
 * chromium` puts in Playwright's cache. The search is pure over a lookup,
 * so its order is unit-tested without any browser installed.
 */
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'
import { chromium } from '@playwright/test'

/** The launch flags every run uses: no sandbox (containers), no GPU, and no traffic of the browser's own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** What the search may look at; the real machine's by default. */
export type BrowserLookup = {
  env: Readonly<Record<string, string | undefined>>
  /** True for an executable file. */
  isExecutable(file: string): boolean
  /** Where Playwright's own Chromium would be (it may not be installed). */
  playwrightChromium(): string | null
}

export type BrowserSearch = { path: string; from: 'CHROMIUM_PATH' | 'system' | 'Playwright' } | { path: null; problem: string }

/** Names a system Chromium or Chrome goes by on PATH (Debian, Ubuntu, Fedora, Google's packages). */
const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']

/** Usual places, for when PATH is short (a service, a CI step) or on macOS, where apps are not on it. */
const USUAL_PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

/** The one line a person reads when there is no browser: both ways to get one. */
export const NO_BROWSER =
  "No Chromium or Chrome found: install one with `apt-get install chromium`, or Playwright's own with `npx playwright install chromium` (or set CHROMIUM_PATH)."

/**
 * The first browser in the search order, or why there is none. A CHROMIUM_PATH
 * that names nothing is a problem of its own, never passed over.
 */
export function findBrowser(lookup: BrowserLookup = thisMachine()): BrowserSearch {
  const chosen = lookup.env.CHROMIUM_PATH
  if (chosen !== undefined && chosen !== '') {
    if (lookup.isExecutable(chosen)) return { path: chosen, from: 'CHROMIUM_PATH' }
    return {
      path: null,
      problem: `CHROMIUM_PATH is set to ${chosen}, but no browser is there: correct it, or unset it to search the usual places.`,
    }
  }
  const onPath = (lookup.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '')
  for (const name of NAMES_ON_PATH) {
    for (const dir of onPath) {
      const file = path.join(dir, name)
      if (lookup.isExecutable(file)) return { path: file, from: 'system' }
    }
  }
  for (const file of USUAL_PLACES) if (lookup.isExecutable(file)) return { path: file, from: 'system' }
  const playwrights = lookup.playwrightChromium()
  if (playwrights !== null && lookup.isExecutable(playwrights)) return { path: playwrights, from: 'Playwright' }
  return { path: null, problem: NO_BROWSER }
}

/** The browser's path, or an Error whose message is the one line saying how to get one. */
export function requireBrowser(lookup?: BrowserLookup): string {
  const found = findBrowser(lookup)
  if (found.path === null) throw new Error(found.problem)
  return found.path
}

function thisMachine(): BrowserLookup {
  return {
    env: process.env,
    isExecutable(file) {
      try {
        accessSync(file, constants.X_OK)
        return statSync(file).isFile()
      } catch {
        return false
      }
    },
    playwrightChromium() {
      try {
        return chromium.executablePath()
      } catch {
        return null
      }
    },
  }
}
