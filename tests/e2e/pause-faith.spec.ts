import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, alexAndBlairOnAPhone, card, joinAs, openMenu, PHONE } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

const MINUTE = 60_000
/** The phone size the issue names: the pause view's actions must fit it. */
const TALL_PHONE = { ...PHONE, viewport: { width: 390, height: 844 } }

// axe is injected as an inline script, which the page's CSP (scripts from 'self' only) would refuse.
test.use({ bypassCSP: true })

function pauseView(page: Page) {
  return page.getByRole('region', { name: 'Taking a pause' })
}

function takeBack(page: Page) {
  return page.getByRole('button', { name: 'Take back the pause' })
}

test('a letter typed outside a text box pauses nothing; Ctrl+Shift+Space pauses', async ({ page, openDevice }) => {
  const { alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  // "please", typed with no text box focused, as it happened.
  await alex.locator('body').click({ position: { x: 5, y: 5 } })
  await alex.keyboard.type('please')
  await alex.keyboard.press('Shift+P')
  // AltGr arrives as Ctrl+Alt on Windows: never a pause.
  await alex.keyboard.press('Control+Alt+Shift+Space')
  // A card placed after the keys reaches the other screen after anything they did would have.
  await addCard(alex, 'Feelings', 'Written after the stray keys')
  await expect(card(blair, 'Written after the stray keys')).toBeVisible()
  for (const screen of [alex, blair]) await expect(screen.getByRole('timer')).toHaveCount(0)

  // The pause button names its shortcut.
  await expect(alex.getByRole('button', { name: 'Pause', exact: true })).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+Space')
  await alex.locator('body').click({ position: { x: 5, y: 5 } })
  await alex.keyboard.press('Control+Shift+Space')
  for (const screen of [alex, blair]) await expect(screen.getByRole('timer')).toBeVisible()
})

test('whoever raised a pause can take it back in its first minute, ending it on all three screens, naming nobody', async ({
  page,
  openDevice,
}) => {
  const { link, alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  const sam = await openDevice(TALL_PHONE)
  await sam.goto(link)
  await joinAs(sam, 'Sam', 'Facilitator')
  await addCard(alex, 'Feelings', 'I felt pushed aside')

  // One tap on the big phone button.
  await blair.getByRole('button', { name: 'Pause', exact: true }).click()
  for (const screen of [alex, blair, sam]) await expect(pauseView(screen)).toBeVisible()
  // Only the raising device is offered the way back; the others are not told who raised it.
  await expect(takeBack(blair)).toBeVisible()
  for (const screen of [alex, sam]) {
    await expect(takeBack(screen)).toHaveCount(0)
    await expect(pauseView(screen)).not.toContainText('Blair')
  }
  expect(await seriousViolations(blair, 'main'), 'pause view with Take back').toEqual([])

  await takeBack(blair).click()
  for (const screen of [alex, blair, sam]) {
    await expect(screen.getByRole('timer')).toHaveCount(0)
    await expect(card(screen, 'I felt pushed aside')).toBeVisible()
  }
  // The others see calmly why the pause view left, without a name.
  for (const screen of [alex, sam]) {
    const note = screen.getByText('The pause was taken back')
    await expect(note).toBeVisible()
    await expect(screen.locator('main')).not.toContainText('Blair took')
  }
  expect(await seriousViolations(alex, 'main'), 'board with the taken-back note').toEqual([])
  await alex.getByRole('button', { name: 'OK', exact: true }).click()
  await expect(alex.getByText('The pause was taken back')).toHaveCount(0)

  // The timeline keeps it, without a name and without pretending it lasted 20 minutes.
  await openMenu(alex)
  await alex.getByText('Timeline').click()
  await expect(alex.getByRole('list', { name: 'Talks' })).toContainText('A pause was raised and taken back')
  await expect(alex.getByRole('list', { name: 'Talks' })).not.toContainText('Blair')
})

test('after the first minute Take back is gone and the all-ready rule stands', async ({ page, openDevice, server }) => {
  const { blair, alex } = await alexAndBlairOnAPhone(page, openDevice)
  await blair.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(takeBack(blair)).toBeVisible()

  // The board's clock is the server's: a minute and a second pass.
  server.advanceClock(MINUTE + 1000)
  await expect(takeBack(blair)).toHaveCount(0)
  for (const screen of [alex, blair]) await expect(pauseView(screen)).toBeVisible()

  // A reload does not bring it back either.
  await blair.reload()
  await expect(pauseView(blair)).toBeVisible()
  await expect(takeBack(blair)).toHaveCount(0)
})

test("with the breathing guide open, I'm ready is still on a 390x844 screen", async ({ page, openDevice, server }) => {
  const { blair } = await alexAndBlairOnAPhone(page, openDevice)
  await blair.setViewportSize(TALL_PHONE.viewport)
  await blair.getByRole('button', { name: 'Pause', exact: true }).click()
  // The guide is opened while the countdown runs, as someone settling would; nobody scrolls after.
  await blair.getByRole('button', { name: 'Show a breathing guide' }).click()
  await expect(blair.getByText('Breathe in slowly for four')).toBeVisible()
  await blair.evaluate(() => window.scrollTo(0, 0))

  server.advanceClock(20 * MINUTE + 1000)
  const ready = blair.getByRole('button', { name: "I'm ready" })
  await expect(ready).toBeVisible()
  await expect(ready).toBeInViewport({ ratio: 1 })
  expect(await seriousViolations(blair, 'main'), 'pause view with the breathing guide').toEqual([])
})
