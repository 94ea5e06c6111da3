/**
 * What a phone says when the server keeps a partner's changes from it: a calm
 * notice after the stated time, gone once they arrive; and beside Saved, whose
 * device has confirmed seeing this board, opening onto whether both hold the
 * same board. The server is made to lie with Playwright's WebSocket routing:
 * Blair's phone hears everything except the log entries it is kept from.
 */
import type { Page, WebSocketRoute } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, card, createBoardAndJoin, joinAs, PHONE } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { decodeServerFrame } from '../../shared/frames.ts'
import { LAG_MS } from '../../client/sync/boardWitness.ts'

// axe is injected as a script tag, which the app's Content Security Policy would refuse.
test.use({ bypassCSP: true })

const WITHHELD = /Some of Alex.s changes have not reached this device yet/

/** Routes the page's board socket through the test: `withholding` keeps log entries back until `release`. */
async function throughALyingServer(page: Page) {
  let withholding = false
  let client: WebSocketRoute | null = null
  const held: (string | Buffer)[] = []
  await page.routeWebSocket(/\/ws$/, (ws) => {
    client = ws
    const server = ws.connectToServer()
    ws.onMessage((message) => server.send(message))
    server.onMessage((message) => {
      if (withholding && typeof message !== 'string') {
        const tag = decodeServerFrame(new Uint8Array(message)).tag
        if (tag === 'entry' || tag === 'entries') return void held.push(message)
      }
      ws.send(message)
    })
  })
  return {
    withhold: () => (withholding = true),
    get held() {
      return held.length
    },
    release() {
      withholding = false
      for (const message of held.splice(0)) client?.send(message)
    },
  }
}

test("a partner's changes kept from a phone are named there, and the notice goes when they arrive; Seen by says whose device holds this board", async ({
  page,
  openDevice,
}) => {
  await page.setViewportSize(PHONE.viewport)
  const alex = page
  const link = await createBoardAndJoin(alex, 'Alex')
  const blair = await openDevice({ ...PHONE, bypassCSP: true })
  const liar = await throughALyingServer(blair)
  // The phone's clock is the test's: the stated time is skipped rather than waited out.
  await blair.clock.install()
  await blair.goto(link)
  await joinAs(blair, 'Blair')

  await addCard(alex, 'Feelings', 'Hopeful about Sundays')
  await expect(card(blair, 'Hopeful about Sundays')).toBeVisible()
  // Blair's phone confirms holding all Alex's phone holds, and the other way round.
  await expect(alex.getByText('Seen by Blair')).toBeVisible({ timeout: 15_000 })
  await expect(blair.getByText('Seen by Alex')).toBeVisible({ timeout: 15_000 })
  await blair.getByText('Seen by Alex').click()
  await expect(blair.getByRole('list', { name: 'Same board' })).toHaveText(/This device and Alex.s device hold the same board\./, {
    timeout: 15_000,
  })
  expect(await seriousViolations(blair)).toEqual([])
  await blair.getByText('Seen by Alex').click()

  liar.withhold()
  await addCard(alex, 'Feelings', 'A slower pace')
  await expect.poll(() => liar.held).toBeGreaterThan(0)
  await expect(blair.getByText(WITHHELD)).toBeHidden()
  // Alex's heads say the change exists; once the stated time has passed, Blair's phone says so. (The
  // integration test, tests/integration/serverCannotLie.test.ts, times it; here the time is skipped.)
  await expect(async () => {
    await blair.clock.fastForward(LAG_MS / 4)
    await expect(blair.getByText(WITHHELD)).toBeVisible({ timeout: 500 })
  }).toPass({ timeout: 30_000 })
  await expect(card(blair, 'A slower pace')).toBeHidden()
  // Saved keeps its meaning: Blair's own changes are all stored.
  await expect(blair.getByRole('status', { name: 'Saved' })).toBeVisible()
  expect(await seriousViolations(blair)).toEqual([])

  liar.release()
  await expect(card(blair, 'A slower pace')).toBeVisible()
  await expect(blair.getByText(WITHHELD)).toBeHidden()
  await expect(blair.getByText('Seen by Alex')).toBeVisible({ timeout: 15_000 })
})
