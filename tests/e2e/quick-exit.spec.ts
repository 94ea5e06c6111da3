import type { Page } from '@playwright/test'
import { addCard, alexAndBlairOnAPhone, createBoardAndJoin, joinAs, openMenu, PHONE } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/** The phone size the safety checks use: a 390×844 screen. */
const ON_A_PHONE = { ...PHONE, viewport: { width: 390, height: 844 } }

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

test('Ctrl+Shift+X leaves from the pause view and while typing in the join step', async ({ page, openDevice, server }) => {
  const { link, alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  await alex.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(blair.getByRole('timer')).toBeVisible()
  await expect(blair.getByRole('button', { name: 'Quick exit' })).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+X')
  await blair.keyboard.press('Control+Shift+X')
  await expectLeftWithoutTrace(blair, server.url)

  const newcomer = await openDevice()
  await newcomer.goto(link)
  await newcomer.getByRole('textbox', { name: 'Your name' }).fill('Casey')
  // In a text box too: someone typing is someone who may need to leave.
  await newcomer.getByRole('textbox', { name: 'Your name' }).press('Control+Shift+X')
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

test('Escape closes what it closes and never leaves the board, however often it is pressed', async ({ page }) => {
  await createBoardAndJoin(page, 'Alex')
  await page.getByRole('button', { name: 'Menu', exact: true }).click()
  await expect(page.getByRole('button', { name: 'End the talk' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'End the talk' })).toBeHidden()
  await page.keyboard.press('Escape')
  // A sheet closed with Escape, then Escape again at once, as a therapist closes things at work.
  await page.getByRole('button', { name: 'Invite' }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
  const input = page.getByRole('textbox', { name: 'Add a feeling' })
  await input.fill('Half a thought')
  await input.press('Escape')
  await input.press('Escape')
  await page.keyboard.press('Escape')
  await expect(page).toHaveURL(/\/b\//)
  await expect(input).toHaveValue('Half a thought')
})

/** Each modal sheet of a board, opened from where a person opens it, and something that shows it is open. */
const SHEETS: { name: string; open(page: Page): Promise<void> }[] = [
  { name: 'Invite', open: (page) => page.getByRole('button', { name: 'Invite' }).click() },
  ...['Trust account', 'Board history', 'Move to a new link', 'Delete this board'].map((item) => ({
    name: item,
    open: async (page: Page) => {
      await openMenu(page)
      await page.getByRole('button', { name: item, exact: true }).click()
    },
  })),
  {
    name: 'Private notes, while writing one',
    open: async (page) => {
      await openMenu(page)
      await page.getByRole('button', { name: 'Private notes', exact: true }).click()
      await page.getByRole('textbox', { name: 'Private note' }).fill('What I could not say today')
    },
  },
  {
    name: 'a talk from the Timeline',
    open: async (page) => {
      await openMenu(page)
      await page.getByText('Timeline', { exact: true }).click()
      await page.getByRole('button', { name: /^Open talk 1/ }).click()
    },
  },
]

test('on a phone, Quick exit is there to tap over every open sheet, and Back does not bring the board back', async ({
  openDevice,
  server,
}) => {
  const phone = await openDevice(ON_A_PHONE)
  await phone.goto('about:blank')
  const link = await createBoardAndJoin(phone, 'Alex')
  await addCard(phone, 'Feelings', 'Scared to say this out loud')
  for (const sheet of SHEETS) {
    await phone.goto('about:blank')
    await phone.goto(link)
    await expect(phone.getByRole('button', { name: 'Invite' })).toBeVisible()
    await sheet.open(phone)
    await expect(phone.getByRole('dialog'), sheet.name).toBeVisible()
    // Exactly one Quick exit to find, and a tap on it lands on it, not on the sheet's backdrop.
    const quickExit = phone.getByRole('button', { name: 'Quick exit' })
    await expect(quickExit, sheet.name).toHaveCount(1)
    await quickExit.tap()
    await expectLeftWithoutTrace(phone, server.url)
  }
})

test('the start page has Quick exit too: it lists the boards this device joined', async ({ page, server }) => {
  await page.goto('about:blank')
  await createBoardAndJoin(page, 'Alex')
  await page.getByRole('link', { name: 'Common Ground (start page)' }).click()
  await expect(page.getByRole('list', { name: 'Your boards' })).toBeVisible()
  await page.getByRole('button', { name: 'Quick exit' }).click()
  await expectLeftWithoutTrace(page, server.url)
})
