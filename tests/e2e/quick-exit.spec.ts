import type { Page } from '@playwright/test'
import { addCard, alexAndBlairOnAPhone, createBoardAndJoin, expect, joinAs, test } from './fixtures.ts'

const NEUTRAL_PAGE = /\/recipes\.html$/

/** After a quick exit: the neutral page shows, and Back does not lead to the board (or any page of the app). */
async function expectLeftWithoutTrace(page: Page, origin: string): Promise<void> {
  await expect(page).toHaveURL(NEUTRAL_PAGE)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Easy weeknight soup')
  await expect(page).not.toHaveTitle(/Common Ground/)
  await page.goBack().catch(() => null)
  const back = page.url()
  expect(back, 'Back leads to the board').not.toContain('/b/')
  expect(back.startsWith(origin) && !NEUTRAL_PAGE.test(back), `Back leads to a page of the app: ${back}`).toBe(false)
}

test('Quick exit leaves a board for a neutral page of the app, and Back does not bring the board back', async ({ page, server }) => {
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto('about:blank')
  await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Feelings', 'Scared to say this out loud')
  await page.getByRole('button', { name: 'Quick exit' }).click()
  await expectLeftWithoutTrace(page, server.url)
  expect(requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('about:'))).toEqual([])
})

test('Escape twice leaves from the pause view and from the join step', async ({ page, openDevice, server }) => {
  const { link, alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  await alex.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(blair.getByRole('timer')).toBeVisible()
  await expect(blair.getByRole('button', { name: 'Quick exit' })).toBeVisible()
  await blair.keyboard.press('Escape')
  await blair.keyboard.press('Escape')
  await expectLeftWithoutTrace(blair, server.url)

  const newcomer = await openDevice()
  await newcomer.goto(link)
  await expect(newcomer.getByRole('textbox', { name: 'Your name' })).toBeVisible()
  await newcomer.getByRole('textbox', { name: 'Your name' }).fill('Casey')
  // Escape in a text box still counts: someone typing is someone who may need to leave.
  await newcomer.keyboard.press('Escape')
  await newcomer.keyboard.press('Escape')
  await expectLeftWithoutTrace(newcomer, server.url)
})

test("the app's own links replace the page rather than add to the history, so a quick exit after following one still leaves no board behind Back", async ({
  page,
  server,
}) => {
  await page.goto('about:blank')
  const first = await createBoardAndJoin(page, 'Alex')
  // From one board to the start page and on to a second board: each step takes the place of the one before.
  await page.getByRole('link', { name: 'Common Ground (start page)' }).click()
  await expect(page).toHaveURL(`${server.url}/`)
  await page.getByRole('button', { name: 'Create a board' }).click()
  await joinAs(page, 'Alex')
  expect(page.url()).not.toBe(first)
  await page.getByRole('button', { name: 'Quick exit' }).click()
  await expectLeftWithoutTrace(page, server.url)
})

test('one Escape only closes what it closes', async ({ page }) => {
  await createBoardAndJoin(page, 'Alex')
  await page.getByRole('button', { name: 'Menu', exact: true }).click()
  await expect(page.getByRole('button', { name: 'End the talk' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'End the talk' })).toBeHidden()
  await page.waitForTimeout(1200)
  await page.keyboard.press('Escape')
  await expect(page).toHaveURL(/\/b\//)
})
