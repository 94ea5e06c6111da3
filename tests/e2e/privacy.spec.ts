import type { Page } from '@playwright/test'
import { addCard, card, createBoardAndJoin, joinAs } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/** Everything the pages sent or received over the network, as text and as bytes. */
type Traffic = { urls: string[]; texts: string[]; binaries: Buffer[]; pending: Promise<unknown>[] }

/**
 * Records every HTTP request of the page's context (the service worker's
 * fetches included). Playwright reports a navigation's URL with its
 * #fragment attached, but browsers never put the fragment on the wire, so
 * it is cut off here: what remains is exactly what the server could see.
 */
function recordRequests(page: Page, traffic: Traffic): void {
  page.context().on('request', (request) => {
    traffic.urls.push(request.url().split('#')[0]!)
    traffic.pending.push(request.allHeaders().then((headers) => traffic.texts.push(JSON.stringify(headers))))
    const body = request.postDataBuffer()
    if (body) traffic.binaries.push(body)
  })
}

function recordWebSockets(page: Page, traffic: Traffic): void {
  page.on('websocket', (socket) => {
    traffic.urls.push(socket.url())
    const record = (frame: { payload: string | Buffer }) => {
      if (typeof frame.payload === 'string') traffic.texts.push(frame.payload)
      else traffic.binaries.push(frame.payload)
    }
    socket.on('framesent', record)
    socket.on('framereceived', record)
  })
}

/** The secret as it might be written anywhere: base64url, base64 (plain and URL-encoded), hex. */
function secretSpellings(secret: Buffer): string[] {
  const base64 = secret.toString('base64')
  return [secret.toString('base64url'), base64, base64.replace(/=+$/, ''), encodeURIComponent(base64), secret.toString('hex')]
}

test('the link’s secret never leaves the browser, and nothing is loaded from another host', async ({ page, openDevice, server }) => {
  const traffic: Traffic = { urls: [], texts: [], binaries: [], pending: [] }
  // Context-wide, so the service worker's own fetches are recorded too.
  recordRequests(page, traffic)
  recordWebSockets(page, traffic)

  const link = await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Feelings', 'Scared to say this out loud')
  await addCard(page, 'Needs', 'Patience')

  const blair = await openDevice()
  recordRequests(blair, traffic)
  recordWebSockets(blair, traffic)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await addCard(blair, 'Agreements', 'Take a break when either of us asks')
  await expect(card(page, 'Take a break when either of us asks')).toBeVisible()
  await expect(card(blair, 'Scared to say this out loud')).toBeVisible()
  await Promise.all(traffic.pending)

  const fragment = new URL(link).hash.slice(1)
  const secret = Buffer.from(fragment, 'base64url')
  expect(secret).toHaveLength(32)
  expect(traffic.urls.length).toBeGreaterThan(3)
  expect(traffic.binaries.length).toBeGreaterThan(3)

  const everything = [...traffic.urls, ...traffic.texts, ...traffic.binaries.map((bytes) => bytes.toString('latin1'))]
  for (const spelling of secretSpellings(secret)) {
    expect(
      everything.filter((text) => text.includes(spelling)),
      `the secret as ${spelling}`,
    ).toEqual([])
  }
  expect(
    traffic.binaries.filter((bytes) => bytes.includes(secret)),
    'the raw secret bytes',
  ).toEqual([])
  // The words on the cards only ever travel encrypted.
  expect(everything.filter((text) => text.includes('Scared to say this out loud'))).toEqual([])

  const testHost = new URL(server.url).host
  const elsewhere = traffic.urls.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).host !== testHost)
  expect(elsewhere, 'requests to other hosts').toEqual([])
})
