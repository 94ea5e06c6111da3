import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { addCard, boardStatus, card, createBoardAndJoin, joinAs, lane, openMenu, PHONE, showLane } from '../kit/browser/pages.ts'
import { LONGEST_RECONNECT_WAIT_MS } from '../kit/browser/boardSocket.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

async function openTimeline(page: Page) {
  await openMenu(page)
  const timeline = page.getByText('Timeline', { exact: true })
  if ((await page.getByRole('list', { name: 'Talks' }).isVisible()) === false) await timeline.click()
  return page.getByRole('list', { name: 'Talks' })
}

test('a talk is ended and the next started; the timeline shows both, a card is carried forward, and a talk ended while a partner was away is ended for them too', async ({
  page: alex,
  openDevice,
  server,
}) => {
  const link = await createBoardAndJoin(alex, 'Alex')
  const blair = await openDevice(PHONE)
  // The phone's clock is the test's: the wait before it reconnects is skipped rather than waited out.
  await blair.clock.install()
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await addCard(alex, 'Agreements', 'A walk together on Sundays')
  await addCard(blair, 'Feelings', 'Tired but hopeful')

  // Blair's phone goes away; Alex ends the talk meanwhile.
  await blair.context().setOffline(true)
  await server.stop()
  await server.restart()
  await openMenu(alex)
  await alex.getByRole('button', { name: 'End the talk' }).click()
  await alex.getByRole('button', { name: 'End the talk' }).click()
  await expect(alex.getByRole('button', { name: 'Start a talk' })).toBeVisible()
  await blair.context().setOffline(false)
  await blair.clock.fastForward(LONGEST_RECONNECT_WAIT_MS)
  await openMenu(blair)
  await expect(blair.getByRole('button', { name: 'Start a talk' })).toBeVisible()
  await blair.keyboard.press('Escape')

  await alex.getByRole('button', { name: 'Start a talk' }).click()
  await expect(alex.getByText(/^Talk 2, started/)).toBeVisible()
  const talks = await openTimeline(alex)
  await expect(
    talks
      .getByRole('listitem')
      .filter({ hasText: /^Talk 2/ })
      .first(),
  ).toContainText('going on')
  await expect(talks).toContainText('Talk 1')
  await alex.keyboard.press('Escape')

  // The agreement from talk 1 is taken up again in talk 2.
  await card(alex, 'A walk together on Sundays').getByRole('button', { name: 'Carry forward' }).click()
  await expect(card(alex, 'A walk together on Sundays')).toContainText('Talk 2')
  await expect(card(alex, 'A walk together on Sundays').getByRole('button', { name: 'Carry forward' })).toHaveCount(0)
  await showLane(blair, 'Agreements')
  await expect(card(blair, 'A walk together on Sundays')).toContainText('Talk 2')
  await expect(lane(blair, 'Agreements')).toBeVisible()
})

test("a talk's summary downloads as Markdown with that talk's agreements, feelings, needs and pauses only, and prints on its own", async ({
  page,
  server,
}) => {
  await createBoardAndJoin(page, 'Alex')
  await page.getByRole('region', { name: 'Invite your partner' }).getByRole('button', { name: 'Done' }).click()
  await addCard(page, 'Agreements', 'Phones away at dinner')
  await addCard(page, 'Feelings', 'Unheard last week')
  await addCard(page, 'Needs', 'To finish my sentences')
  // One pause in talk 1, over at once: the board's clock is moved past it.
  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(page.getByRole('timer')).toBeVisible()
  server.advanceClock(21 * 60_000)
  await page.getByRole('button', { name: "I'm ready" }).click()
  await expect(page.getByRole('timer')).toHaveCount(0)
  await openMenu(page)
  await page.getByRole('button', { name: 'End the talk' }).click()
  await page.getByRole('button', { name: 'End the talk' }).click()
  await page.getByRole('button', { name: 'Start a talk' }).click()
  await page.keyboard.press('Escape')
  await addCard(page, 'Feelings', 'Lighter in talk two')

  const talks = await openTimeline(page)
  await talks.getByRole('button', { name: 'Open talk 1' }).click()
  const sheet = page.getByRole('dialog', { name: 'Talk 1' })
  await expect(sheet.getByRole('region', { name: 'Agreements in talk 1' })).toContainText('Phones away at dinner')
  await expect(sheet).not.toContainText('Lighter in talk two')

  const download = page.waitForEvent('download')
  await sheet.getByRole('button', { name: 'Download summary' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^talk-1-summary-\d{4}-\d{2}-\d{2}\.md$/)
  const markdown = await readFile((await file.path())!, 'utf8')
  for (const text of [
    '# Talk 1',
    'Phones away at dinner',
    'Unheard last week',
    'To finish my sentences',
    '1 pause was taken, 20 minutes in all.',
  ]) {
    expect(markdown).toContain(text)
  }
  expect(markdown).not.toContain('Lighter in talk two')

  // Print: the summary alone on the page, in print media; the board and the open sheet stay off paper.
  await page.evaluate(() => (window.print = () => {}))
  await sheet.getByRole('button', { name: 'Print' }).click()
  await page.emulateMedia({ media: 'print' })
  const printed = page.locator('#print-root')
  await expect(printed).toBeVisible()
  await expect(printed.getByRole('heading', { level: 1 })).toHaveText('Talk 1')
  await expect(printed).toContainText('Phones away at dinner')
  await expect(page.locator('#app')).toBeHidden()
  const pdf = await page.pdf({ format: 'A4' })
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  expect(pdf.byteLength).toBeGreaterThan(1000)
})

test('Your boards lists the boards joined on this device with their labels, and opening one goes to it', async ({ page }) => {
  const first = await createBoardAndJoin(page, 'Dr. Rivera', 'Facilitator')
  await page.getByRole('textbox', { name: 'Board name' }).fill('Tuesday evenings')
  await page.getByRole('textbox', { name: 'Board name' }).press('Enter')
  // The name is saved before the page is left, as a person sees it saved before moving on.
  await expect(boardStatus(page)).toHaveText('Saved')
  const second = await createBoardAndJoin(page, 'Dr. Rivera', 'Facilitator')

  await page.goto('/')
  const yours = page.getByRole('region', { name: 'Your boards' })
  await expect(yours.getByRole('listitem')).toHaveCount(2)
  await expect(yours.getByRole('link', { name: 'Tuesday evenings' })).toBeVisible()
  const unnamed = yours.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'A board' }) })
  await unnamed.getByRole('textbox', { name: 'Your label' }).fill('Sam & Robin')
  await unnamed.getByRole('textbox', { name: 'Your label' }).press('Tab')
  await page.reload()
  await expect(yours.getByRole('link', { name: 'Sam & Robin' })).toBeVisible()

  await yours.getByRole('link', { name: 'Sam & Robin' }).click()
  await expect(page).toHaveURL(second)
  await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveCount(0)
  await page.goto('/')
  await yours.getByRole('link', { name: 'Tuesday evenings' }).click()
  await expect(page).toHaveURL(first)

  await page.goto('/')
  await yours
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: 'Sam & Robin' }) })
    .getByRole('button', { name: 'Remove from this device' })
    .click()
  await expect(yours.getByRole('listitem')).toHaveCount(1)
  await page.reload()
  await expect(yours.getByRole('listitem')).toHaveCount(1)
  await expect(yours.getByRole('link', { name: 'Tuesday evenings' })).toBeVisible()
})

test('an agreement from talk 1 is marked Kept in talk 2; the trust account gains a point, one per agreement and talk, and the summary of talk 2 says how each saw it', async ({
  page,
  openDevice,
}) => {
  const link = await createBoardAndJoin(page, 'Alex')
  const blair = await openDevice(PHONE)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await addCard(page, 'Agreements', 'A text when plans change')
  // Proposing is accepting: only Blair presses Accept.
  await showLane(blair, 'Agreements')
  await card(blair, 'A text when plans change').getByRole('button', { name: 'Accept' }).click()
  await expect(card(page, 'A text when plans change')).toContainText('Agreed')

  await openMenu(page)
  await page.getByRole('button', { name: 'End the talk' }).click()
  await page.getByRole('button', { name: 'End the talk' }).click()
  await page.getByRole('button', { name: 'Start a talk' }).click()
  await page.keyboard.press('Escape')

  const trustPoints = async (screen: Page) => {
    await openMenu(screen)
    await screen.getByRole('button', { name: 'Trust account' }).click()
    const sheet = screen.getByRole('dialog', { name: 'Trust account' })
    await expect(sheet).toBeVisible()
    const chart = sheet.getByRole('img', { name: /^Agreements kept over time/ })
    const points = (await chart.count()) === 0 ? 0 : Number(await chart.getAttribute('data-points'))
    const rows = await sheet.getByRole('row').count()
    await sheet.getByRole('button', { name: 'Close' }).click()
    return { points, rows }
  }
  expect(await trustPoints(page)).toEqual({ points: 0, rows: 0 })

  const checkIn = card(page, 'A text when plans change').getByRole('group', { name: 'Check-in on this agreement' })
  await checkIn.getByRole('button', { name: 'Kept' }).click()
  await expect(checkIn.getByRole('button', { name: 'Kept' })).toHaveAttribute('aria-pressed', 'true')
  await card(page, 'A text when plans change')
    .getByRole('textbox', { name: 'A note on this check-in (optional)' })
    .fill('Every time this week')
  await card(page, 'A text when plans change').getByRole('textbox', { name: 'A note on this check-in (optional)' }).press('Enter')
  await expect(card(blair, 'A text when plans change')).toContainText('Alex: kept')
  // One point on the chart, and a header row plus one row in the table beside it.
  expect(await trustPoints(page)).toEqual({ points: 1, rows: 2 })

  // Blair sees it differently: still one point for the agreement at this talk, counted as neither until they agree.
  await card(blair, 'A text when plans change')
    .getByRole('group', { name: 'Check-in on this agreement' })
    .getByRole('button', { name: 'Missed' })
    .click()
  await expect(card(page, 'A text when plans change')).toContainText('Blair: missed')
  expect(await trustPoints(page)).toEqual({ points: 1, rows: 2 })

  await openMenu(page)
  await page.getByText('Timeline', { exact: true }).click()
  await page.getByRole('list', { name: 'Talks' }).getByRole('button', { name: 'Open talk 2' }).click()
  const summary = page.getByRole('dialog', { name: 'Talk 2' })
  await expect(summary.getByRole('region', { name: 'Check-in in talk 2' })).toContainText(
    'A text when plans change — You saw this one differently — worth a word. Alex: kept (“Every time this week”); Blair: missed.',
  )
  await expect(summary).not.toContainText('An agreement was kept.')
})
