import {
  addCard,
  alexAndBlairOnAPhone,
  card,
  createBoardAndJoin,
  openMenu,
  savePrivateNote,
  sharedFrom,
  showLane,
} from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('Move to a new link: the board and its notes come along to a new link, the old link says the board moved', async ({
  page,
  openDevice,
}) => {
  const { link: oldLink, alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  await addCard(alex, 'Needs', 'Space to think before answering')
  await showLane(blair, 'Needs')
  await expect(card(blair, 'Space to think before answering')).toBeVisible()
  await savePrivateNote(alex, 'Breathe before replying')

  await openMenu(alex)
  await alex.getByRole('button', { name: 'Move to a new link' }).click()
  const sheet = alex.getByRole('dialog', { name: 'Move to a new link' })
  await expect(sheet).toContainText('never sent through the server')
  await sheet.getByRole('button', { name: 'Move the board' }).click()

  // Alex is on the new board, still Alex, with the board, the notes and the new link ready to send.
  await expect(alex).not.toHaveURL(oldLink)
  await expect(alex).toHaveURL(/\/b\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/)
  const newLink = alex.url()
  expect(new URL(newLink).pathname).not.toBe(new URL(oldLink).pathname)
  await expect(card(alex, 'Space to think before answering')).toBeVisible()
  await expect(alex.getByRole('textbox', { name: 'Your name' })).toHaveCount(0)
  const shareSheet = alex.getByRole('region', { name: 'Invite your partner' })
  await expect(shareSheet).toContainText('The board is on this new link now')
  await expect(shareSheet.getByRole('textbox', { name: 'Invite link' })).toHaveValue(sharedFrom(newLink))
  await openMenu(alex)
  await alex.getByRole('button', { name: 'Private notes' }).click()
  await expect(alex.getByRole('list', { name: 'Your private notes' })).toContainText('Breathe before replying')
  await alex.getByRole('button', { name: 'Close' }).click()

  // Blair, on the old link: told calmly, and the copy on the phone goes.
  await expect(blair.getByRole('alert')).toContainText('Alex moved this board to a new link')
  await expect(blair.getByRole('alert')).toContainText('Ask Alex for the new link')
  await expect(card(blair, 'Space to think before answering')).toHaveCount(0)
  await blair.reload()
  await expect(blair.getByRole('alert')).toContainText('Alex moved this board to a new link')
  await expect(card(blair, 'Space to think before answering')).toHaveCount(0)

  // Given the new link by Alex, Blair reads everything there: the board came with its people, so this device continues as Blair.
  await blair.goto(newLink)
  await blair.getByRole('button', { name: 'Continue as Blair' }).click()
  await showLane(blair, 'Needs')
  await expect(card(blair, 'Space to think before answering')).toBeVisible()

  // On Alex's device the old link leads on to the new one.
  await alex.goto(oldLink)
  await expect(alex.getByRole('alert')).toContainText('Alex moved this board to a new link')
  await alex.getByRole('link', { name: 'Open the board at its new link' }).click()
  await expect(alex).toHaveURL(newLink)
  await expect(card(alex, 'Space to think before answering')).toBeVisible()
})

test('a move the server cannot finish leaves the old board working', async ({ page }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Feelings', 'Still here after a failed move')
  // Creating the new board fails: nothing is touched.
  await page.route('**/api/boards', (route) => route.fulfill({ status: 503, body: '{}' }))
  await openMenu(page)
  await page.getByRole('button', { name: 'Move to a new link' }).click()
  const sheet = page.getByRole('dialog', { name: 'Move to a new link' })
  await sheet.getByRole('button', { name: 'Move the board' }).click()
  await expect(sheet.getByRole('alert')).toContainText('The old link still works and nothing was changed.')
  await page.unroute('**/api/boards')
  await sheet.getByRole('button', { name: 'Close' }).click()
  await expect(page).toHaveURL(link)
  await addCard(page, 'Feelings', 'And writing still works')
})
