import type { BrowserContext, Page } from '@playwright/test'
import { addCard, alexAndBlairOnAPhone, card, createBoardAndJoin, joinAs, lane, openMenu, PHONE } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { firstClockBurstAnswered } from '../kit/browser/boardSocket.ts'

const MINUTE = 60_000

function pauseView(page: Page) {
  return page.getByRole('region', { name: 'Taking a pause' })
}

function returnTime(page: Page) {
  return pauseView(page).getByText(/The talk resumes at/)
}

test('Pause on one screen stops the talk on every screen within a second, and only everyone ready resumes it', async ({
  page,
  openDevice,
  server,
}) => {
  const { link, alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  const sam = await openDevice()
  await sam.goto(link)
  await joinAs(sam, 'Sam', 'Facilitator')
  await addCard(alex, 'Feelings', 'I felt pushed aside')

  // One tap on the phone; no reason asked.
  await blair.getByRole('button', { name: 'Pause', exact: true }).click()
  for (const screen of [alex, sam]) await expect(screen.getByRole('timer')).toBeVisible({ timeout: 1000 })
  for (const screen of [alex, blair, sam]) {
    await expect(screen.getByRole('timer')).toHaveText(/^(20:00|19:5\d)$/)
    await expect(returnTime(screen)).toBeVisible()
    // Editing stops: the lanes, their text boxes and the cards' buttons are gone while paused.
    await expect(screen.getByRole('textbox', { name: 'Add a feeling' })).toHaveCount(0)
    await expect(screen.getByRole('button', { name: 'Edit' })).toHaveCount(0)
    // No name: by default the board does not record who paused.
    await expect(pauseView(screen)).not.toContainText('Blair asked')
    await expect(screen.getByRole('button', { name: "I'm ready" })).toHaveCount(0)
  }

  // The countdown runs out (the server's clock, the board's clock, moves on 20 minutes).
  server.advanceClock(20 * MINUTE + 1000)
  for (const screen of [alex, blair]) await expect(screen.getByRole('button', { name: "I'm ready" })).toBeVisible()
  await expect(alex.getByRole('timer')).toHaveText('0:00')
  // A facilitator is not asked: the couple's readiness decides.
  await expect(sam.getByRole('button', { name: "I'm ready" })).toHaveCount(0)

  await alex.getByRole('button', { name: "I'm ready" }).click()
  for (const screen of [alex, blair, sam]) {
    await expect(pauseView(screen)).toContainText('Waiting for')
    await expect(screen.getByRole('timer')).toBeVisible()
  }
  await expect(pauseView(blair)).toContainText('Alex is ready')

  await blair.getByRole('button', { name: "I'm ready" }).click()
  for (const screen of [alex, blair, sam]) {
    await expect(screen.getByRole('timer')).toHaveCount(0)
    await expect(card(screen, 'I felt pushed aside')).toBeVisible()
  }

  // The talk's timeline keeps the pause, without a name.
  await openMenu(alex)
  await alex.getByText('Timeline').click()
  await expect(alex.getByRole('list', { name: 'Talks' })).toContainText('A pause was taken (20 min)')
  await expect(alex.getByRole('list', { name: 'Talks' })).not.toContainText('Blair')
})

test('Extend pause moves the return time on every screen, and Ctrl+Shift+Space pauses from the keyboard', async ({ page, openDevice }) => {
  const { alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  await alex.locator('body').click({ position: { x: 5, y: 5 } })
  await alex.keyboard.press('Control+Shift+Space')
  await expect(blair.getByRole('timer')).toBeVisible({ timeout: 1000 })
  const before = await returnTime(blair).textContent()

  await blair.getByRole('button', { name: 'Extend pause' }).click()
  for (const screen of [alex, blair]) {
    await expect(screen.getByRole('timer')).toHaveText(/^(30:00|29:5\d)$/)
    await expect(returnTime(screen)).not.toHaveText(before!)
  }
  expect(await returnTime(alex).textContent()).toBe(await returnTime(blair).textContent())
})

test('a pause length can be chosen when pausing; zero, negative or over 24 hours is refused', async ({ page, openDevice }) => {
  const { alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  const length = alex.getByRole('combobox', { name: 'Pause length' })

  await length.selectOption({ label: 'Other…' })
  for (const refused of ['0', '-5', '1441']) {
    await alex.getByRole('spinbutton', { name: 'Minutes' }).fill(refused)
    await alex.getByRole('button', { name: 'Pause', exact: true }).click()
    await expect(alex.getByText('A pause can last from 1 minute to 24 hours')).toBeVisible()
    await expect(alex.getByRole('timer')).toHaveCount(0)
  }
  await expect(blair.getByRole('timer')).toHaveCount(0)

  await length.selectOption({ label: '5 min' })
  await alex.getByRole('button', { name: 'Pause', exact: true }).click()
  for (const screen of [alex, blair]) await expect(screen.getByRole('timer')).toHaveText(/^(5:00|4:5\d)$/)
})

test('a pause raised offline applies at once and reaches the other screen on reconnect', async ({ page, openDevice }) => {
  const { alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  // Chromium keeps an open socket through setOffline, so the page is reopened offline (from this device's copy).
  await alex.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await alex.context().setOffline(true)
  await alex.reload()
  await expect(alex.getByRole('status')).toHaveText('Offline — changes are kept on this device')
  await alex.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(alex.getByRole('timer')).toBeVisible()
  await expect(blair.getByRole('timer')).toHaveCount(0)

  await alex.context().setOffline(false)
  await expect(blair.getByRole('timer')).toBeVisible()
  await expect(alex.getByRole('status')).toHaveText('Saved')
})

/**
 * Records, in the test's own clock, when each text appeared on the page's
 * countdown: screens showing the same remaining time turn over together.
 */
async function recordCountdownTicks(page: Page, name: string, ticks: Map<string, Map<string, number>>): Promise<void> {
  await page.exposeFunction('reportCountdownTick', (text: string) => {
    const at = performance.now()
    const seen = ticks.get(text) ?? new Map<string, number>()
    if (!seen.has(name)) seen.set(name, at)
    ticks.set(text, seen)
  })
  await page.getByRole('timer').evaluate((timer) => {
    const report = (window as unknown as { reportCountdownTick: (text: string) => void }).reportCountdownTick
    new MutationObserver(() => report(timer.textContent ?? '')).observe(timer, { subtree: true, childList: true, characterData: true })
  })
}

/** Puts this device's clock five minutes ahead of the truth, as a phone with a wrong clock would be. */
async function clockFiveMinutesAhead(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const shift = 5 * 60 * 1000
    const realNow = Date.now.bind(Date)
    Date.now = () => realNow() + shift
    const shiftedOrigin = performance.timeOrigin + shift
    Object.defineProperty(performance, 'timeOrigin', { get: () => shiftedOrigin })
  })
}

test('a device whose clock is 5 minutes ahead shows the same remaining time, within a quarter of a second', async ({
  page,
  openDevice,
}) => {
  const link = await createBoardAndJoin(page, 'Alex')
  const blair = await openDevice(PHONE)
  await clockFiveMinutesAhead(blair.context())
  const clockEstimated = firstClockBurstAnswered(blair)
  await blair.goto(link)
  expect(await blair.evaluate(() => Math.round((performance.timeOrigin + performance.now() - Date.now()) / 1000))).toBe(0)
  expect((await blair.evaluate(() => Date.now())) - Date.now()).toBeGreaterThan(4 * MINUTE)
  await joinAs(blair, 'Blair')
  await clockEstimated

  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  const ticks = new Map<string, Map<string, number>>()
  await recordCountdownTicks(page, 'laptop', ticks)
  await recordCountdownTicks(blair, 'phone', ticks)
  // Both screens have turned the countdown over four times: the first, caught midway, may be seen by one screen only.
  const both = () => [...ticks.entries()].filter(([, seen]) => seen.size === 2)
  await expect.poll(() => both().length).toBeGreaterThanOrEqual(4)

  expect(both().length).toBeGreaterThanOrEqual(3)
  for (const [text, seen] of both()) {
    const apart = Math.abs(seen.get('laptop')! - seen.get('phone')!)
    expect(apart, `both screens turned to ${text} within 250 ms`).toBeLessThan(250)
  }
})

test('the pause control is in reach on a phone without scrolling, editing stays blocked there, and a half-written card survives', async ({
  page,
  openDevice,
  server,
}) => {
  const { alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  await addCard(blair, 'Needs', 'Time to think before answering')
  await expect(blair.getByRole('button', { name: 'Pause', exact: true })).toBeInViewport()
  await lane(blair, 'Needs').getByRole('textbox', { name: 'Add a need' }).fill('half-written')
  await alex.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(blair.getByRole('timer')).toBeInViewport()
  await expect(blair.getByRole('textbox', { name: 'Add a need' })).toHaveCount(0)

  server.advanceClock(20 * MINUTE + 1000)
  for (const screen of [alex, blair]) await screen.getByRole('button', { name: "I'm ready" }).click()
  await expect(lane(blair, 'Needs').getByRole('textbox', { name: 'Add a need' })).toHaveValue('half-written')
})
