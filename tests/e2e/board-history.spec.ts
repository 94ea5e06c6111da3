import { addCard, alexAndBlairOnAPhone, card, openMenu } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('a card wiped on one screen comes back with Restore this version (then Restore for everyone) on the other, and the history keeps the board from before the restore', async ({
  page,
  openDevice,
}) => {
  const { alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  const text = 'I want us to keep trying'
  await addCard(blair, 'Feelings', text)
  await expect(card(alex, text)).toBeVisible()

  // A new talk keeps a version of the board in its history.
  await openMenu(alex)
  await alex.getByRole('button', { name: 'End the talk' }).click()
  await alex.getByRole('button', { name: 'End the talk' }).click()
  await alex.getByRole('button', { name: 'Start a talk' }).click()
  await alex.keyboard.press('Escape')

  // Blair wipes the card.
  await card(blair, text).getByRole('button', { name: 'Delete' }).click()
  await expect(card(alex, text)).toHaveCount(0)

  await openMenu(alex)
  await alex.getByRole('button', { name: 'Board history' }).click()
  const sheet = alex.getByRole('dialog', { name: 'Board history' })
  const versions = sheet.getByRole('list', { name: 'Earlier versions' })
  await expect(versions.getByRole('listitem').first()).toBeVisible()
  const before = await versions.getByRole('listitem').count()
  await versions.getByRole('button', { name: /^View/ }).first().click()
  await expect(sheet.getByRole('region', { name: 'Feelings in this version' })).toContainText(text)
  await sheet.getByRole('button', { name: 'Restore this version' }).click()
  await sheet.getByRole('button', { name: 'Restore for everyone' }).click()
  await expect(sheet.getByRole('note')).toContainText('This version is back on the board, for everyone.')

  await expect(card(blair, text)).toBeVisible()
  await expect(card(alex, text)).toBeVisible()

  // Restoring is itself kept: the board without the card is a version of its own now, so it could be brought back too.
  await sheet.getByRole('button', { name: 'All versions' }).click()
  await sheet.getByRole('button', { name: 'Close' }).click()
  await openMenu(alex)
  await alex.getByRole('button', { name: 'Board history' }).click()
  await expect.poll(() => alex.getByRole('list', { name: 'Earlier versions' }).getByRole('listitem').count()).toBeGreaterThan(before)
})
