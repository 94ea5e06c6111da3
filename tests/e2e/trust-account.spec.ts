import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { facilitatedCouple } from '../kit/browser/facilitatedCouple.ts'
import { addCard, card, openMenu, showLane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

async function accept(screen: Page, text: string) {
  await showLane(screen, 'Agreements')
  const button = card(screen, text).getByRole('button', { name: 'Accept' })
  // The proposer may already count as accepting (another change of this issue); then there is nothing to press.
  if ((await button.count()) > 0) await button.click()
}

async function markCheckIn(screen: Page, text: string, mark: 'Kept' | 'Missed') {
  await showLane(screen, 'Agreements')
  const group = card(screen, text).getByRole('group', { name: 'Check-in on this agreement' })
  await group.getByRole('button', { name: mark, exact: true }).click()
  await expect(group.getByRole('button', { name: mark, exact: true })).toHaveAttribute('aria-pressed', 'true')
}

async function openTrustAccount(screen: Page) {
  await openMenu(screen)
  await screen.getByRole('button', { name: 'Trust account' }).click()
  const sheet = screen.getByRole('dialog', { name: 'Trust account' })
  await expect(sheet).toBeVisible()
  return sheet
}

test('two agreements, four marks, one seen differently: 1 kept, the difference said gently on every screen, one point per agreement, dated in the viewer’s way', async ({
  openDevice,
}) => {
  // Three devices marking and reading on a shared machine: more than the default minute.
  test.setTimeout(150_000)
  // Dr. Lee's laptop reads German dates; Maya and Jordan are on phones.
  const { lee, maya, jordan } = await facilitatedCouple(await openDevice({ locale: 'de-DE', bypassCSP: true }), openDevice)

  const [walks, texts] = ['A walk together on Sundays', 'A text when plans change']
  await addCard(maya, 'Agreements', walks)
  await addCard(maya, 'Agreements', texts)
  for (const text of [walks, texts]) {
    for (const partner of [maya, jordan]) await accept(partner, text)
    await expect(card(lee, text)).toContainText('Agreed')
  }

  // Four marks: both kept the walks; on the texts Maya says missed, Jordan kept.
  await markCheckIn(maya, walks, 'Kept')
  await markCheckIn(jordan, walks, 'Kept')
  await markCheckIn(maya, texts, 'Missed')
  await markCheckIn(jordan, texts, 'Kept')
  await expect(card(lee, texts)).toContainText('Jordan: kept')
  await expect(card(lee, texts)).toContainText('Maya: missed')

  for (const screen of [lee, maya, jordan]) {
    const sheet = await openTrustAccount(screen)
    await expect(sheet.getByText('1 agreement kept.', { exact: true })).toBeVisible()
    await expect(sheet).not.toContainText('3 agreements kept')
    await expect(sheet.getByText('You saw one of them differently — worth a word.')).toBeVisible()
    const row = sheet.getByRole('row').filter({ hasText: texts })
    await expect(row).toContainText('You saw this one differently — worth a word')
    await expect(row).toContainText('Maya: Missed')
    await expect(row).toContainText('Jordan: Kept')
    // One point per agreement and talk, not one per mark; a header row and one row for each.
    const chart = sheet.getByRole('img', { name: /^Agreements kept over time: 1 in all/ })
    await expect(chart).toHaveAttribute('data-points', '2')
    await expect(sheet.getByRole('row')).toHaveCount(3)
    // The chart is dated, in this viewer's own way.
    const today = await screen.evaluate(() => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }).format(Date.now()))
    await expect(chart.locator('text').first()).toHaveText(today)
    await sheet.getByRole('button', { name: 'Close' }).click()
  }
  // German on the laptop: the date reads "7. Dez." there, not "7 Dec".
  expect(await lee.evaluate(() => navigator.language)).toBe('de-DE')

  // On a 390 px phone, a name never breaks inside itself.
  const sheet = await openTrustAccount(maya)
  const name = sheet.getByRole('row').filter({ hasText: texts }).getByText('Jordan', { exact: true })
  const style = await name.evaluate((element) => {
    const computed = getComputedStyle(element)
    return { wrap: computed.overflowWrap, breaks: computed.wordBreak, hyphens: computed.hyphens, lines: element.getClientRects().length }
  })
  expect(style).toEqual({ wrap: 'normal', breaks: 'keep-all', hyphens: 'none', lines: 1 })
  expect(await seriousViolations(maya, 'dialog')).toEqual([])
  await sheet.getByRole('button', { name: 'Close' }).click()

  // Once they agree (Maya looks again and says kept), it counts, on every screen.
  await markCheckIn(maya, texts, 'Kept')
  for (const screen of [lee, jordan]) {
    const account = await openTrustAccount(screen)
    await expect(account.getByText('2 agreements kept.', { exact: true })).toBeVisible()
    await expect(account).not.toContainText('differently')
    await expect(account.getByRole('img', { name: /^Agreements kept over time: 2 in all/ })).toHaveAttribute('data-points', '2')
    await account.getByRole('button', { name: 'Close' }).click()
  }
})
