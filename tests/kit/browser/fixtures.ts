/**
 * Playwright fixtures: every test gets the REAL server, started in-process
 * by the kit (tests/kit/newServer.ts) on a free port with a fresh data
 * directory, serving the built app from dist/client/. A test may stop it and
 * start it again on the same port and data, to see what people see when the
 * connection drops and comes back, and may move its clock forward.
 */
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test'
import { newServer, type ServerOptions, type TestServer } from '../newServer.ts'

export type { TestServer }

/** A second (third…) device: its own context, so its own storage, IndexedDB and identity. */
export type OpenDevice = (options?: BrowserContextOptions) => Promise<Page>

type Fixtures = { server: TestServer; openDevice: OpenDevice }
/** More start options for a file's server (`test.use({ serverOptions: { maxBoardBytes: … } })`): a tiny quota, say. */
type Options = { serverOptions: Omit<ServerOptions, 'host'> }

/** Clock frames every half second, so screens notice a moved clock at once rather than in 10 s. */
export const BROWSER_TEST_LIMITS = { clockIntervalMs: 500 }

export const test = base.extend<Fixtures & Options>({
  serverOptions: [{}, { option: true }],

  server: async ({ serverOptions }, use, testInfo) => {
    const server = await newServer({ staticDir: 'dist/client', limits: BROWSER_TEST_LIMITS, ...serverOptions })
    await use(server)
    await server.close()
    // Diagnostic lines help explain a failure; a passing test stays quiet.
    if (server.logLines.length > 0 && testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('server log', { body: server.logLines.join('\n'), contentType: 'text/plain' })
    }
  },

  baseURL: async ({ server }, use) => {
    await use(server.url)
  },

  openDevice: async ({ browser, server }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (options = {}) => {
      const context = await browser.newContext({ baseURL: server.url, ...options })
      contexts.push(context)
      return context.newPage()
    })
    for (const context of contexts) await context.close()
  },
})

export { expect }
