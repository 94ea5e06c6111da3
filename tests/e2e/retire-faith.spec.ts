/**
 * Deleting or moving a board is one person's act that reaches everyone on
 * it, so it is never done by a stray tap and never silently: the delete
 * asks for a second, deliberate step naming who loses the board, and every
 * other screen is told who deleted or moved it and when — a screen on the
 * board at the time, and one that opens it later (the note is kept with the
 * board's tombstone, sealed, and handed on by the server).
 */
import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, card, createBoardAndJoin, joinAs, openMenu } from '../kit/browser/pages.ts'
import { expect, test, type OpenDevice } from '../kit/browser/fixtures.ts'

const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: true } as const
const LAPTOP = { viewport: { width: 1366, height: 768 }, bypassCSP: true } as const

test.use({ bypassCSP: true })
// Three devices each, on a machine others share.
test.slow()

/** Dr. Lee (facilitator) on a laptop makes the board; Maya and Jordan join on phones. */
async function aCoupleAndTheirTherapist(openDevice: OpenDevice): Promise<{ link: string; drLee: Page; maya: Page; jordan: Page }> {
  const drLee = await openDevice(LAPTOP)
  const link = await createBoardAndJoin(drLee, 'Dr. Lee', 'Facilitator')
  await addCard(drLee, 'Feelings', 'Hopeful, and a little scared')
  const maya = await openDevice(PHONE_390)
  await maya.goto(link)
  await joinAs(maya, 'Maya')
  const jordan = await openDevice(PHONE_390)
  await jordan.goto(link)
  await joinAs(jordan, 'Jordan')
  return { link, drLee, maya, jordan }
}

const SAID_WHEN = /on .*\d{4}/

test('Delete for everyone is a second, deliberate step, and every other screen is told who deleted the board and when, also one opened later', async ({
  openDevice,
}) => {
  const { link, drLee, maya, jordan } = await aCoupleAndTheirTherapist(openDevice)
  // Jordan puts the phone away before the delete: this device learns of it only when the board is opened again.
  const jordansPhone = jordan.context()
  await jordan.close()

  await openMenu(maya)
  await maya.getByRole('button', { name: 'Delete this board' }).click()
  const sheet = maya.getByRole('dialog', { name: 'Delete this board' })
  // The first step explains and offers a copy; nothing on it deletes the board.
  await expect(sheet.getByRole('button', { name: 'I want to delete it' })).toBeVisible()
  await expect(sheet.getByRole('button', { name: 'Delete for everyone' })).toHaveCount(0)
  await sheet.getByRole('button', { name: 'I want to delete it' }).click()
  const confirm = sheet.getByRole('group', { name: 'Delete it for everyone?' })
  await expect(confirm).toBeVisible()
  await expect(confirm.getByRole('heading', { name: 'Delete it for everyone?' })).toBeFocused()
  // It names who loses the board, and that they will be told who deleted it.
  await expect(confirm).toContainText('Jordan')
  await expect(confirm).toContainText('Dr. Lee')
  await expect(confirm).toContainText('goes from every device of everyone on it')
  await expect(confirm).toContainText('Their screens will say that you deleted it, and when.')
  expect(await seriousViolations(maya, 'dialog[open]'), 'the delete confirmation').toEqual([])
  // Keeping the board is as easy as going on.
  await confirm.getByRole('button', { name: 'Keep the board' }).click()
  await expect(confirm).toHaveCount(0)
  await expect(card(drLee, 'Hopeful, and a little scared')).toBeVisible()

  await sheet.getByRole('button', { name: 'I want to delete it' }).click()
  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()

  // Dr. Lee was on the board at the time: told who deleted it and when.
  const told = drLee.getByRole('alert')
  await expect(told).toContainText('Maya deleted this board')
  await expect(told).toContainText(SAID_WHEN)
  await expect(card(drLee, 'Hopeful, and a little scared')).toHaveCount(0)
  expect(await seriousViolations(drLee), 'the closed board, naming who deleted it').toEqual([])
  // Maya's own screen says it too, in the same words.
  await expect(maya.getByRole('alert')).toContainText('Maya deleted this board')

  // Jordan's phone comes back: the server hands on the note it kept with the board's tombstone.
  const jordanLater = await jordansPhone.newPage()
  await jordanLater.goto(link)
  await expect(jordanLater.getByRole('alert')).toContainText('Maya deleted this board')
  await expect(jordanLater.getByRole('alert')).toContainText(SAID_WHEN)
  await expect(card(jordanLater, 'Hopeful, and a little scared')).toHaveCount(0)
  // And after a reload, the same words: the note is not kept on the device, the server hands it on each time.
  await jordanLater.reload()
  await expect(jordanLater.getByRole('alert')).toContainText('Maya deleted this board')
})

test('Move to a new link names its effect on the others, worded for a facilitator, and the screens left on the old link are told who moved it', async ({
  openDevice,
}) => {
  const { link, drLee, maya, jordan } = await aCoupleAndTheirTherapist(openDevice)

  await openMenu(drLee)
  await drLee.getByRole('button', { name: 'Move to a new link' }).click()
  const sheet = drLee.getByRole('dialog', { name: 'Move to a new link' })
  await expect(sheet).toContainText('the old link stops working at once')
  await expect(sheet).toContainText('their screens will say that you moved the board, and when')
  await expect(sheet).toContainText('Maya')
  await expect(sheet).toContainText('Jordan')
  // A therapist has no partner on the board: the sheet speaks of the people who are on it.
  await expect(sheet).not.toContainText('partner')
  expect(await seriousViolations(drLee, 'dialog[open]'), 'the move sheet').toEqual([])
  await sheet.getByRole('button', { name: 'Move the board' }).click()
  await expect(drLee).not.toHaveURL(link)

  for (const screen of [maya, jordan]) {
    const told = screen.getByRole('alert')
    await expect(told).toContainText('Dr. Lee moved this board to a new link')
    await expect(told).toContainText(SAID_WHEN)
    await expect(told).toContainText('Ask Dr. Lee for the new link')
    await expect(told).not.toContainText('partner')
  }
  expect(await seriousViolations(maya), 'the closed board, naming who moved it').toEqual([])

  // A device that opens the old link later is told the same.
  const later = await openDevice(PHONE_390)
  await later.goto(link)
  await expect(later.getByRole('alert')).toContainText('Dr. Lee moved this board to a new link')
})
