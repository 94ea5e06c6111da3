import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { facilitatedCouple, PHONE_390 } from '../kit/browser/facilitatedCouple.ts'
import { expect, test, type OpenDevice } from '../kit/browser/fixtures.ts'
import { openMenu } from '../kit/browser/pages.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const LAPTOP = { viewport: { width: 1280, height: 800 }, bypassCSP: true } as const

type Answers = { safety: number; trust: number; connection: number; line?: string }

/** The calm line near the top of the board that holds today's check-ins. */
function todayLine(page: Page) {
  return page.getByRole('region', { name: 'Daily check-in' })
}

async function checkIn(page: Page, answers: Answers) {
  const form = page.getByRole('dialog', { name: 'Check in today' })
  await expect(form).toBeVisible()
  await form.getByRole('slider', { name: 'How safe do you feel today?' }).fill(String(answers.safety))
  await form.getByRole('slider', { name: 'How much do you trust today?' }).fill(String(answers.trust))
  await form.getByRole('slider', { name: 'How connected do you feel today?' }).fill(String(answers.connection))
  await expect(form.getByRole('slider', { name: 'How safe do you feel today?' })).toHaveAttribute(
    'aria-valuetext',
    `${answers.safety} of 10`,
  )
  if (answers.line) await form.getByRole('textbox', { name: /What I'd like you to know about my day/ }).fill(answers.line)
  await form.getByRole('button', { name: 'Save my check-in' }).click()
  await expect(form).toBeHidden()
  await expect(todayLine(page)).toContainText('You checked in today')
}

async function openHowWeveBeen(page: Page) {
  await openMenu(page)
  await page.getByRole('button', { name: "How we've been" }).click()
  const sheet = page.getByRole('dialog', { name: "How we've been" })
  await expect(sheet).toBeVisible()
  return sheet
}

async function noSeriousViolations(page: Page, schemes: readonly ('light' | 'dark')[] = ['light', 'dark']) {
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme })
    expect(await seriousViolations(page), `${colorScheme}`).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** A YYYY-MM-DD day, as the table writes it in this page's own way. */
function dayInTable(page: Page, day: string): Promise<string> {
  return page.evaluate((day) => {
    const [year, month, date] = day.split('-').map(Number)
    const format = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
    return format.format(Date.UTC(year!, month! - 1, date!))
  }, day)
}

test('two partners check in on two days, each in their own zone; How we’ve been draws both and tables every value; the facilitator sees it; answers wait for one’s own; Check in today from Your boards', async ({
  server,
  openDevice,
}) => {
  test.setTimeout(240_000)
  // The board's clock at 14:00 UTC tomorrow: the same day in Berlin (afternoon) and New York (morning), far from midnight.
  const realNow = Date.now()
  const start = Math.floor(realNow / DAY_MS) * DAY_MS + DAY_MS + 14 * 60 * 60 * 1000
  server.advanceClock(start - realNow)
  const day1 = new Date(start).toISOString().slice(0, 10)
  const day2 = new Date(start + DAY_MS).toISOString().slice(0, 10)

  // Each device's own clock set to the board's before its page loads; the phones in zones of their own (Maya's first, then Jordan's).
  const phoneZones = ['Europe/Berlin', 'America/New_York']
  const onBoardTime: OpenDevice = async (options = {}) => {
    const zone = options.viewport?.width === PHONE_390.viewport.width ? phoneZones.shift() : undefined
    const page = await openDevice({ ...options, ...(zone ? { timezoneId: zone } : {}) })
    await page.clock.install({ time: start })
    return page
  }
  const { lee, maya, jordan } = await facilitatedCouple(await onBoardTime(LAPTOP), onBoardTime)
  for (const phone of [maya, jordan]) await expect(todayLine(phone)).toHaveAttribute('data-today', day1)
  expect(await jordan.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York')

  // Day 1. Facilitators do not check in; partners are offered it, calmly.
  await expect(lee.getByRole('button', { name: 'Check in today' })).toHaveCount(0)
  await expect(todayLine(maya).getByRole('button', { name: 'Check in today' })).toBeVisible()
  await noSeriousViolations(maya)
  await todayLine(maya).getByRole('button', { name: 'Check in today' }).click()
  await noSeriousViolations(maya)
  await checkIn(maya, { safety: 7, trust: 6, connection: 8, line: 'Slept well, a calm morning.' })

  // The board holds answers back until one's own (on by default): Jordan sees only that Maya checked in; the facilitator sees it all.
  await expect(todayLine(jordan)).toContainText('Maya has checked in today. It shows here once you have checked in too.')
  await expect(todayLine(jordan)).not.toContainText('Slept well')
  await expect(todayLine(lee)).toContainText('Maya: Safety 7, trust 6, connection 8 — “Slept well, a calm morning.”')
  await jordan.emulateMedia({ colorScheme: 'dark' })
  await todayLine(jordan).getByRole('button', { name: 'Check in today' }).click()
  await noSeriousViolations(jordan, ['dark'])
  await checkIn(jordan, { safety: 5, trust: 4, connection: 6, line: 'Long day at work.' })
  await noSeriousViolations(jordan)
  await expect(todayLine(jordan)).toContainText('Maya: Safety 7, trust 6, connection 8 — “Slept well, a calm morning.”')
  await expect(todayLine(maya)).toContainText('Jordan: Safety 5, trust 4, connection 6 — “Long day at work.”')

  // A day later, on the board's clock and each device's own.
  server.advanceClock(DAY_MS)
  await Promise.all([lee, maya, jordan].map((page) => page.clock.fastForward(DAY_MS)))
  for (const phone of [maya, jordan]) {
    await expect(todayLine(phone)).toHaveAttribute('data-today', day2)
    await expect(todayLine(phone).getByRole('button', { name: 'Check in today' })).toBeVisible()
  }

  // Maya checks in from Your boards on the start page: the board opens with the check-in open.
  await maya.goto('/')
  const entry = maya.getByRole('region', { name: 'Your boards' }).getByRole('listitem')
  await expect(entry).toHaveCount(1)
  await noSeriousViolations(maya)
  await entry.getByRole('link', { name: 'Check in today' }).click()
  await expect(maya.getByRole('dialog', { name: 'Check in today' })).toBeVisible()
  await expect(todayLine(maya)).toHaveAttribute('data-today', day2)
  await checkIn(maya, { safety: 3, trust: 5, connection: 6, line: 'Hard morning, better now.' })
  await expect(todayLine(jordan)).toContainText('Maya has checked in today.')
  await expect(todayLine(jordan)).not.toContainText('Hard morning')

  // Changing one's answers that day rewrites them, and the others see the change.
  await todayLine(maya).getByRole('button', { name: 'Change my check-in' }).click()
  await expect(
    maya.getByRole('dialog', { name: 'Check in today' }).getByRole('slider', { name: 'How safe do you feel today?' }),
  ).toHaveValue('3')
  await checkIn(maya, { safety: 4, trust: 5, connection: 6 })
  await expect(todayLine(lee)).toContainText('Maya: Safety 4, trust 5, connection 6 — “Hard morning, better now.”')

  // Turned off in Board settings, a partner's answers show before one's own.
  await openMenu(jordan)
  await jordan.getByText('Board settings').click()
  const reveal = jordan.getByRole('checkbox', { name: "Show a partner's check-in only after I've checked in that day" })
  await expect(reveal).toBeChecked()
  await reveal.uncheck()
  await jordan.keyboard.press('Escape')
  await expect(jordan.getByRole('button', { name: 'Menu', exact: true })).toHaveAttribute('aria-expanded', 'false')
  await expect(todayLine(jordan)).toContainText('Maya: Safety 4, trust 5, connection 6 — “Hard morning, better now.”')
  await todayLine(jordan).getByRole('button', { name: 'Check in today' }).click()
  await checkIn(jordan, { safety: 6, trust: 5, connection: 7 })

  // How we've been, on every screen: both people's three lines, every value in the table, the trend beside the day's answer.
  const expected = [
    [day1, 'Maya', '7', '6', '8', 'Slept well, a calm morning.'],
    [day1, 'Jordan', '5', '4', '6', 'Long day at work.'],
    [day2, 'Maya', '4 (5.5)', '5 (5.5)', '6 (7)', 'Hard morning, better now.'],
    [day2, 'Jordan', '6 (5.5)', '5 (4.5)', '7 (6.5)', ''],
  ]
  for (const screen of [lee, maya, jordan]) {
    const sheet = await openHowWeveBeen(screen)
    for (const measure of ['Safety', 'Trust', 'Connection']) {
      const chart = sheet.getByRole('img', { name: new RegExp(`^${measure} over time`) })
      await expect(chart).toBeVisible()
      await expect(chart.locator('g[data-person]')).toHaveCount(2)
      for (const person of await chart.locator('g[data-person]').all()) await expect(person).toHaveAttribute('data-points', '2')
    }
    await expect(sheet.getByRole('img', { name: /^Safety over time/ })).toHaveAccessibleName(/Maya: from 7 to 5\.5; Jordan: from 5 to 5\.5/)
    const rows = sheet.getByRole('table').getByRole('row')
    await expect(rows).toHaveCount(1 + expected.length)
    for (const [index, [day, ...cells]] of expected.entries()) {
      await expect(rows.nth(index + 1).getByRole('cell')).toHaveText([await dayInTable(screen, day!), ...cells])
    }
    await expect(sheet).not.toContainText('Not counted')
    // On a 390 px phone too, the charts and the table fit the sheet's width.
    expect(await sheet.evaluate((dialog) => dialog.scrollWidth <= dialog.clientWidth)).toBe(true)
    const numbers = sheet.getByRole('region', { name: 'Every check-in, as numbers' })
    expect(await numbers.evaluate((region) => region.scrollWidth <= region.clientWidth)).toBe(true)
    await noSeriousViolations(screen)
    await sheet.getByRole('button', { name: 'Close' }).click()
  }

  // Your boards offers no check-in to the facilitator.
  await lee.goto('/')
  await expect(lee.getByRole('region', { name: 'Your boards' }).getByRole('listitem')).toHaveCount(1)
  await expect(lee.getByRole('link', { name: 'Check in today' })).toHaveCount(0)
})
