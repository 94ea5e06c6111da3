/**
 * `Patterns`, on a board with three talks written through the app on a
 * laptop and a phone: the need that came back, with its count, per person;
 * themes given on cards in two months, counted month by month; and no
 * serious accessibility problem on the sheet or the theme control, light or
 * dark, phone or laptop.
 */
import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, card, createBoardAndJoin, joinAs, lane, openMenu, showLane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test.use({ bypassCSP: true, viewport: { width: 1280, height: 800 } })

const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true } as const
const DAY = 24 * 60 * 60 * 1000

/** The card with these words placed in talk `n` (the same need is placed again in later talks). */
function cardInTalk(page: Page, text: string, n: number) {
  return card(page, text).filter({ hasText: `Talk ${n}` })
}

async function nextTalk(page: Page, n: number) {
  await openMenu(page)
  await page.getByRole('button', { name: 'End the talk' }).click()
  await page.getByRole('button', { name: 'End the talk' }).click()
  await page.getByRole('button', { name: 'Start a talk' }).click()
  await expect(page.getByText(new RegExp(`^Talk ${n}, started`))).toBeVisible()
  await page.keyboard.press('Escape')
}

async function openPatterns(page: Page) {
  await openMenu(page)
  await page.getByRole('button', { name: 'Patterns', exact: true }).click()
  const sheet = page.getByRole('dialog', { name: 'Patterns' })
  await expect(sheet).toBeVisible()
  return sheet
}

async function giveTheme(page: Page, on: ReturnType<typeof card>, theme: string) {
  await on.getByRole('button', { name: 'Theme', exact: true }).click()
  const toggle = on.getByRole('button', { name: theme, exact: true })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('Escape')
}

test('a need that came back in all three talks is named with its count, per person; themes given in two months count month by month', async ({
  page: alex,
  server,
  openDevice,
}) => {
  // Two devices, three talks and eight axe runs on a shared machine: more than the default minute.
  test.setTimeout(300_000)
  const link = await createBoardAndJoin(alex, 'Alex')
  await alex.getByRole('region', { name: 'Invite your partner' }).getByRole('button', { name: 'Done' }).click()
  const blair = await openDevice(PHONE_390)
  await blair.goto(link)
  await joinAs(blair, 'Blair')

  // Before any talk has anything to show, the sheet says what will appear.
  let sheet = await openPatterns(alex)
  await expect(sheet).toContainText('After a few talks, the feelings and needs that come back will show here.')
  await sheet.getByRole('button', { name: 'Close' }).click()

  // Talk 1, in December: Alex needs reassurance (typed as the word itself), Blair honesty (picked from the vocabulary).
  await addCard(alex, 'Needs', 'reassurance')
  await showLane(blair, 'Needs')
  const needs = lane(blair, 'Needs')
  await needs.getByText('Choose need words', { exact: true }).click()
  await needs.getByRole('searchbox', { name: 'Find a need word' }).fill('honest')
  await needs.getByRole('button', { name: 'honesty', exact: true }).click()
  await needs.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(card(alex, 'honesty')).toBeVisible()
  await giveTheme(alex, cardInTalk(alex, 'reassurance', 1), 'past hurts')
  await expect(cardInTalk(blair, 'reassurance', 1)).toContainText('Theme: past hurts, given by Alex')
  await expect(cardInTalk(alex, 'reassurance', 1)).toContainText('Theme: past hurts, given by you')

  // Forty days on, the next month: talk 2.
  server.advanceClock(40 * DAY)
  await expect(cardInTalk(alex, 'reassurance', 1).locator('time')).toHaveText(/[A-Za-z]{3}/)
  await nextTalk(alex, 2)
  await addCard(alex, 'Needs', 'Reassurance')
  await addCard(blair, 'Needs', 'honesty')
  // Blair gives her talk-2 card a theme on her phone.
  await giveTheme(blair, cardInTalk(blair, 'honesty', 2), 'past hurts')
  await expect(cardInTalk(alex, 'honesty', 2)).toContainText('Theme: past hurts, given by Blair')

  // Talk 3: Alex's reassurance again; Blair's honesty not.
  await nextTalk(alex, 3)
  await addCard(alex, 'Needs', 'reassurance')
  await addCard(blair, 'Needs', 'to be heard')

  for (const screen of [alex, blair]) {
    sheet = await openPatterns(screen)
    await expect(sheet.getByRole('list', { name: 'Needs that come back for Alex' })).toContainText('reassurance — in 3 of the last 3 talks')
    await expect(sheet.getByRole('list', { name: 'Needs that come back for Blair' })).toContainText('honesty — in 2 of the last 3 talks')
    // A word said once is not a pattern.
    await expect(sheet).not.toContainText('to be heard —')
    // Themes: one card in each month, December and January, a row per theme given.
    const table = sheet.getByRole('table')
    await expect(table.getByRole('columnheader')).toHaveText(['Theme', /Dec/, /Jan/])
    await expect(table.getByRole('row', { name: /past hurts/ }).getByRole('cell')).toHaveText(['1', '1'])
    await expect(table.getByRole('row')).toHaveCount(2)
    await expect(sheet).toContainText('Once agreements have been checked in on at a few talks')
    await sheet.getByRole('button', { name: 'Close' }).click()
  }

  // Taking a theme off is named, and counted no more.
  const talkTwo = cardInTalk(blair, 'honesty', 2)
  await talkTwo.getByRole('button', { name: 'Theme', exact: true }).click()
  await talkTwo.getByRole('button', { name: 'past hurts', exact: true }).click()
  await expect(talkTwo.getByRole('button', { name: 'past hurts', exact: true })).toHaveAttribute('aria-pressed', 'false')
  await blair.keyboard.press('Escape')
  await expect(cardInTalk(alex, 'honesty', 2)).toContainText('Theme past hurts taken off by Blair')
  sheet = await openPatterns(alex)
  await expect(
    sheet
      .getByRole('table')
      .getByRole('row', { name: /past hurts/ })
      .getByRole('cell'),
  ).toHaveText(['1'])
  await sheet.getByRole('button', { name: 'Close' }).click()

  // No serious accessibility problem on the sheet or the theme control: laptop and phone, light and dark.
  for (const [screen, what] of [
    [alex, 'laptop'],
    [blair, 'phone'],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await screen.emulateMedia({ colorScheme })
      sheet = await openPatterns(screen)
      expect(await seriousViolations(screen, 'dialog'), `Patterns, ${what}, ${colorScheme}`).toEqual([])
      await sheet.getByRole('button', { name: 'Close' }).click()
      await showLane(screen, 'Needs')
      const themed = cardInTalk(screen, 'reassurance', 1)
      await themed.getByRole('button', { name: 'Theme', exact: true }).click()
      await expect(themed.getByRole('button', { name: 'past hurts', exact: true })).toBeVisible()
      expect(
        await seriousViolations(screen, '#board article:has(fieldset:not([hidden]))'),
        `theme control, ${what}, ${colorScheme}`,
      ).toEqual([])
      await screen.keyboard.press('Escape')
    }
  }
})
