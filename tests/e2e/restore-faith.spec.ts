import { seriousViolations } from '../kit/browser/axe.ts'
import { joinOnPhones } from '../kit/browser/facilitatedCouple.ts'
import { addCard, card, createBoardAndJoin, openMenu, showLane, type LaneTitle } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import type { Page } from '@playwright/test'

// axe is injected as an inline script, which the page's CSP (scripts from 'self' only) would refuse.
test.use({ bypassCSP: true, viewport: { width: 1280, height: 800 } })

async function openHistory(page: Page) {
  await openMenu(page)
  await page.getByRole('button', { name: 'Board history' }).click()
  return page.getByRole('dialog', { name: 'Board history' })
}

/** Whether this screen shows the card (on a phone, switching to its lane first). */
async function expectCard(page: Page, laneTitle: LaneTitle, text: string, shown = true) {
  await showLane(page, laneTitle)
  await expect(card(page, text)).toHaveCount(shown ? 1 : 0)
}

function restoreNotice(page: Page) {
  return page.getByRole('region', { name: 'Board restored' })
}

test('Restore this version asks first and names its effect; the others are told who restored and when, and Undo the restore on another screen brings the board back everywhere', async ({
  page: maya,
  openDevice,
}) => {
  // Three browsers and several history downloads: more time on a small, busy machine.
  test.slow()
  const link = await createBoardAndJoin(maya, 'Maya')
  const [jordan, lee] = await joinOnPhones(openDevice, link, [['Jordan'], ['Dr. Lee', 'Facilitator']])

  // The board's first version (kept on its first day) holds no cards; wait for it, so what follows is in later versions.
  let sheet = await openHistory(maya)
  await expect(sheet.getByRole('list', { name: 'Earlier versions' }).getByRole('listitem')).toHaveCount(1)
  await sheet.getByRole('button', { name: 'Close' }).click()

  const feeling = 'I felt alone when the plans changed'
  await addCard(maya, 'Feelings', feeling)
  // Ending talk 1 keeps a version (Maya's feeling), and so does starting talk 2; no need yet.
  await openMenu(maya)
  await maya.getByRole('button', { name: 'End the talk' }).click()
  await maya.getByRole('button', { name: 'End the talk' }).click()
  await maya.getByRole('button', { name: 'Start a talk' }).click()
  await maya.keyboard.press('Escape')
  const need = 'To be trusted again'
  await addCard(jordan, 'Needs', need)
  for (const screen of [maya, lee]) await expectCard(screen, 'Needs', need)

  // The versions are told apart: what changed, by whom, in which talk — not two bare timestamps.
  sheet = await openHistory(maya)
  const versions = sheet.getByRole('list', { name: 'Earlier versions' }).getByRole('listitem')
  // (The two may be kept as one when the second is asked for before the first is stored.)
  await expect(versions.last()).toContainText('Talk 1 · The first version kept, no cards yet')
  await expect(versions.first()).toContainText('Talk 2 ·')
  await expect(versions.filter({ hasText: '+1 feeling · by you' })).toHaveCount(1)

  await versions.nth(0).getByRole('button', { name: /^View/ }).click()
  await expect(sheet.getByRole('region', { name: 'Feelings in this version' })).toContainText(feeling)
  const versionTime = (await sheet.getByRole('heading', { name: /^The board on / }).textContent())!.replace('The board on ', '')

  // One click only asks: it says what happens to everyone, and nothing changes yet.
  await sheet.getByRole('button', { name: 'Restore this version' }).click()
  const confirmation = sheet.getByRole('region', { name: 'Restore this version for everyone?' })
  await expect(confirmation).toContainText(`This replaces the board on every screen with the version from ${versionTime}.`)
  await expect(confirmation.getByRole('heading')).toBeFocused()
  expect(await seriousViolations(maya, 'dialog[open]'), 'the confirmation').toEqual([])
  await confirmation.getByRole('button', { name: 'Keep the board as it is' }).click()
  await expect(confirmation).toHaveCount(0)
  for (const screen of [maya, jordan, lee]) await expectCard(screen, 'Needs', need)
  await expect(restoreNotice(jordan)).toHaveCount(0)

  await sheet.getByRole('button', { name: 'Restore this version' }).click()
  await sheet.getByRole('button', { name: 'Restore for everyone' }).click()
  await expect(sheet.getByRole('note')).toContainText('This version is back on the board, for everyone.')
  for (const screen of [maya, jordan, lee]) await expectCard(screen, 'Needs', need, false)

  // Every other screen names who restored, which version, and when; the restorer's own says "You".
  for (const screen of [jordan, lee]) {
    await expect(restoreNotice(screen)).toContainText(`Maya restored the board to the version from ${versionTime}`)
    await expect(restoreNotice(screen)).toContainText(/· \S/)
    await expect(restoreNotice(screen).getByRole('button', { name: 'Undo the restore' })).toBeVisible()
  }
  await sheet.getByRole('button', { name: 'Close' }).click()
  await expect(restoreNotice(maya)).toContainText(`You restored the board to the version from ${versionTime}`)
  expect(await seriousViolations(jordan, 'section[aria-label="Board restored"]'), 'the notice on a phone').toEqual([])

  // Jordan undoes it on his phone: the board is back as it was just before, on every screen, and that is named too.
  await restoreNotice(jordan).getByRole('button', { name: 'Undo the restore' }).click()
  for (const screen of [maya, jordan, lee]) {
    await expectCard(screen, 'Needs', need)
    await expectCard(screen, 'Feelings', feeling)
    await expect(restoreNotice(screen).getByRole('button', { name: 'Undo the restore' })).toHaveCount(0)
  }
  await expect(restoreNotice(lee)).toContainText(`Jordan undid the restore of the version from ${versionTime} that Maya brought back`)
  await expect(restoreNotice(maya)).toContainText(`Jordan undid the restore of the version from ${versionTime} that you brought back`)
  await expect(restoreNotice(jordan)).toContainText('You undid the restore')
  expect(await seriousViolations(lee, 'section[aria-label="Board restored"]'), 'the undo notice').toEqual([])

  // The history tells the restore apart from the versions around it.
  sheet = await openHistory(lee)
  await expect(sheet.getByRole('list', { name: 'Earlier versions' })).toContainText(`Maya restored the version from ${versionTime}`)

  // Hiding the notice is this screen's own choice: the others still show it.
  await sheet.getByRole('button', { name: 'Close' }).click()
  await restoreNotice(lee).getByRole('button', { name: 'Hide this notice' }).click()
  await expect(restoreNotice(lee)).toHaveCount(0)
  await expect(restoreNotice(maya)).toBeVisible()
})
