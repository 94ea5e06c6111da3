/**
 * Where the end-to-end tests find a browser (tests/kit/browser/findBrowser.ts): the
 * order a person expects, checked against a made-up machine.
 */
import { describe, expect, it } from 'vitest'
import { findBrowser, NO_BROWSER, requireBrowser, type BrowserLookup } from '../kit/browser/findBrowser.ts'

const PLAYWRIGHTS = '/home/sam/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome'

/** A machine holding exactly these executables, with this environment. */
function machine(executables: string[], env: Record<string, string> = {}, playwrights: string | null = PLAYWRIGHTS): BrowserLookup {
  const present = new Set(executables)
  return { env, isExecutable: (file) => present.has(file), playwrightChromium: () => playwrights }
}

describe('finding a browser', () => {
  it('takes CHROMIUM_PATH first, over every other browser', () => {
    const lookup = machine(['/opt/my/chrome', '/usr/bin/chromium', PLAYWRIGHTS], { CHROMIUM_PATH: '/opt/my/chrome', PATH: '/usr/bin' })
    expect(findBrowser(lookup)).toEqual({ path: '/opt/my/chrome', from: 'CHROMIUM_PATH' })
  })

  it('fails naming CHROMIUM_PATH when it is set to nothing there, rather than quietly using another browser', () => {
    const lookup = machine(['/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/gone/chrome', PATH: '/usr/bin' })
    expect(findBrowser(lookup)).toEqual({
      path: null,
      problem: expect.stringMatching(/^CHROMIUM_PATH is set to \/opt\/gone\/chrome, but no browser is there/),
    })
  })

  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(findBrowser(machine(['/usr/bin/chromium'], { CHROMIUM_PATH: '', PATH: '/usr/bin' })).path).toBe('/usr/bin/chromium')
  })

  it('then looks on PATH by name, in the order chromium, chromium-browser, google-chrome, google-chrome-stable, chrome', () => {
    const path = '/home/sam/bin:/usr/local/bin'
    expect(findBrowser(machine(['/usr/local/bin/chrome', '/usr/local/bin/google-chrome'], { PATH: path })).path).toBe(
      '/usr/local/bin/google-chrome',
    )
    expect(findBrowser(machine(['/usr/local/bin/chromium-browser', '/home/sam/bin/google-chrome-stable'], { PATH: path })).path).toBe(
      '/usr/local/bin/chromium-browser',
    )
    // For one name, PATH's order decides.
    expect(findBrowser(machine(['/usr/local/bin/chromium', '/home/sam/bin/chromium'], { PATH: path })).path).toBe('/home/sam/bin/chromium')
    expect(findBrowser(machine(['/usr/local/bin/chrome'], { PATH: path }))).toEqual({ path: '/usr/local/bin/chrome', from: 'system' })
  })

  it('then the usual places when PATH does not have one: /usr/bin, snap, and the macOS applications', () => {
    expect(findBrowser(machine(['/usr/bin/google-chrome-stable'], { PATH: '/bin' })).path).toBe('/usr/bin/google-chrome-stable')
    expect(findBrowser(machine(['/snap/bin/chromium'], {})).path).toBe('/snap/bin/chromium')
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    const chromium = '/Applications/Chromium.app/Contents/MacOS/Chromium'
    expect(findBrowser(machine([chromium, chrome], { PATH: '/usr/bin:/bin' })).path).toBe(chrome)
    expect(findBrowser(machine([chromium], { PATH: '/usr/bin:/bin' })).path).toBe(chromium)
  })

  it("prefers the system's browser to Playwright's, and takes Playwright's when it is the only one installed", () => {
    expect(findBrowser(machine(['/usr/bin/chromium', PLAYWRIGHTS], { PATH: '/usr/bin' }))).toEqual({
      path: '/usr/bin/chromium',
      from: 'system',
    })
    expect(findBrowser(machine([PLAYWRIGHTS], { PATH: '/usr/bin' }))).toEqual({ path: PLAYWRIGHTS, from: 'Playwright' })
  })

  it("does not take Playwright's path when nothing is installed there", () => {
    expect(findBrowser(machine([], { PATH: '/usr/bin' }))).toEqual({ path: null, problem: NO_BROWSER })
    expect(findBrowser(machine([], { PATH: '/usr/bin' }, null))).toEqual({ path: null, problem: NO_BROWSER })
  })

  it('says, in one line, both ways to get a browser when there is none', () => {
    expect(NO_BROWSER).not.toContain('\n')
    expect(NO_BROWSER).toContain('apt-get install chromium')
    expect(NO_BROWSER).toContain('npx playwright install chromium')
    expect(() => requireBrowser(machine([], {}, null))).toThrow(NO_BROWSER)
  })
})
