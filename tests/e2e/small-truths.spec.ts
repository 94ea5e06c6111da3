import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, boardStatus, card, createBoardAndJoin, joinAs, OFFLINE_LABEL, PHONE } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

// axe is injected as an inline script, which the page's CSP (scripts from 'self' only) would refuse.
test.use({ bypassCSP: true })

test('a phone that loses its network says Offline within 5 s, and Saved again once it is back', async ({ page, openDevice }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  const blair = await openDevice(PHONE)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await expect(boardStatus(blair)).toHaveText('Saved')

  await blair.context().setOffline(true)
  await expect(boardStatus(blair)).toHaveText(OFFLINE_LABEL, { timeout: 5_000 })
  await addCard(blair, 'Feelings', 'Written on the train')

  await blair.context().setOffline(false)
  await expect(card(page, 'Written on the train')).toBeVisible()
  await expect(boardStatus(blair)).toHaveText('Saved')
})

test('a phone whose server stops answering says Offline within 10 s, though the browser thinks it is online', async ({
  page,
  openDevice,
}) => {
  const link = await createBoardAndJoin(page, 'Alex')
  const blair = await openDevice(PHONE)
  // Every socket of Blair's goes through the test; once the line is cut, nothing crosses it either way,
  // and a new socket opens to nobody: a server behind a dead network, with the browser none the wiser.
  let cut = false
  await blair.routeWebSocket(/\/ws$/, (socket) => {
    if (cut) return
    const server = socket.connectToServer()
    socket.onMessage((message) => {
      if (!cut) server.send(message)
    })
    server.onMessage((message) => {
      if (!cut) socket.send(message)
    })
  })
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await expect(boardStatus(blair)).toHaveText('Saved')
  expect(await blair.evaluate(() => navigator.onLine)).toBe(true)

  cut = true
  await expect(boardStatus(blair)).toHaveText(OFFLINE_LABEL, { timeout: 10_000 })
  expect(await blair.evaluate(() => navigator.onLine)).toBe(true)

  // The line mends: the next attempt gets through, and what was written meanwhile arrives.
  await addCard(blair, 'Feelings', 'Written while the line was dead')
  cut = false
  await expect(card(page, 'Written while the line was dead')).toBeVisible({ timeout: 30_000 })
  await expect(boardStatus(blair)).toHaveText('Saved')
})

for (const path of ['/no/such/page', '/x.png']) {
  test(`a wrong address (${path}) gets a calm page in the app's look, with status 404 and a way to the start`, async ({ page }) => {
    const response = await page.goto(path)
    expect(response?.status()).toBe(404)
    expect(response?.headers()['content-type']).toMatch(/^text\/html/)
    await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible()
    await expect(page.getByText('Common Ground', { exact: true })).toBeVisible()
    // The app's own look: its stylesheet applies (the serif heading), not a browser's bare text.
    expect(await page.getByRole('heading', { name: 'Nothing here' }).evaluate((heading) => getComputedStyle(heading).fontFamily)).not.toBe(
      '',
    )
    await expect(page.locator('body')).not.toHaveText('Not found')
    expect(await seriousViolations(page), 'not-found page').toEqual([])

    await page.getByRole('link', { name: 'Go to the start page' }).click()
    await expect(page.getByRole('button', { name: 'Create a board' })).toBeVisible()
  })
}

test('a missing file asked for by a script still gets a plain 404', async ({ page, server }) => {
  await page.goto('/')
  const status = await page.evaluate(async (url) => {
    const response = await fetch(`${url}/assets/missing.js`)
    return { status: response.status, type: response.headers.get('content-type') }
  }, server.url)
  expect(status.status).toBe(404)
  expect(status.type).toMatch(/^text\/plain/)
})

test('the creator is greeted as the creator; a joiner is told who is here and that anyone can pause', async ({ page, openDevice }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Create a board' }).click()
  await expect(page.getByRole('heading', { name: 'Your new board' })).toBeVisible()
  await expect(page.getByText('You created this board.')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Join this board' })).toHaveCount(0)
  expect(await seriousViolations(page), "the creator's join step").toEqual([])
  await joinAs(page, 'Alex')
  const link = page.url()

  const sam = await openDevice({ bypassCSP: true })
  await sam.goto(link)
  await expect(sam.getByRole('heading', { name: 'Join this board' })).toBeVisible()
  await expect(sam.getByText('Already on this board: Alex (partner).')).toBeVisible()
  await joinAs(sam, 'Sam', 'Facilitator')

  const blair = await openDevice({ ...PHONE, bypassCSP: true })
  await blair.goto(link)
  await expect(blair.getByRole('heading', { name: 'Join this board' })).toBeVisible()
  await expect(blair.getByText('Already on this board: Alex (partner) and Sam (facilitator).')).toBeVisible()
  await expect(blair.getByText('Anyone on the board can pause the talk at any time')).toBeVisible()
  await expect(blair.getByText('You created this board.')).toHaveCount(0)
  expect(await seriousViolations(blair), "the joiner's join step").toEqual([])
})
