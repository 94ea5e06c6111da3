import { readFile } from 'node:fs/promises'
import { leftOnDevice } from '../kit/browser/deviceStorage.ts'
import type { Page } from '@playwright/test'
import { deriveBoardKeys, fromBase64Url, toBase64Url } from '../../shared/crypto.ts'
import { addCard, card, createBoardAndJoin, joinAs, openMenu, PHONE, savePrivateNote } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/** Whether this device still holds its copy of the board (y-indexeddb's database for it). */
async function holdsLocalCopy(page: Page, boardId: string): Promise<boolean> {
  return page.evaluate(async (name) => (await indexedDB.databases()).some((db) => db.name === name), `common-ground:board:${boardId}`)
}

test('Delete for everyone closes the board on every screen and removes each copy, also on a device that comes back later', async ({
  page: alex,
  openDevice,
}) => {
  const link = await createBoardAndJoin(alex, 'Alex')
  const boardId = new URL(link).pathname.split('/').pop()!
  await addCard(alex, 'Feelings', 'Tired of going round in circles')
  const blair = await openDevice(PHONE)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await expect(card(blair, 'Tired of going round in circles')).toBeVisible()
  // Casey joined once, then put the phone away: this device holds a copy and is not connected when the board goes.
  const caseysPhone = await openDevice(PHONE)
  await caseysPhone.goto(link)
  await joinAs(caseysPhone, 'Casey')
  await expect(card(caseysPhone, 'Tired of going round in circles')).toBeVisible()
  const caseysDevice = caseysPhone.context()
  await caseysPhone.close()

  await openMenu(alex)
  await alex.getByRole('button', { name: 'Delete this board' }).click()
  const sheet = alex.getByRole('dialog', { name: 'Delete this board' })
  await expect(sheet).toContainText('for everyone')
  const download = alex.waitForEvent('download')
  await sheet.getByRole('button', { name: 'Download a copy' }).click()
  const copy = await readFile((await (await download).path())!, 'utf8')
  expect(copy).toContain('Tired of going round in circles')
  expect(await holdsLocalCopy(alex, boardId)).toBe(true)

  await sheet.getByRole('button', { name: 'I want to delete it' }).click()
  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()
  for (const screen of [alex, blair]) {
    await expect(screen.getByRole('alert')).toContainText('Alex deleted this board')
    await expect(card(screen, 'Tired of going round in circles')).toHaveCount(0)
    await expect.poll(() => holdsLocalCopy(screen, boardId)).toBe(false)
  }

  // Casey's phone comes back: the server says the board is gone, and the copy on it goes too.
  const casey = await caseysDevice.newPage()
  expect(await casey.goto('/').then(() => holdsLocalCopy(casey, boardId))).toBe(true)
  await casey.goto(link)
  await expect(casey.getByRole('alert')).toContainText('Alex deleted this board')
  await expect.poll(() => holdsLocalCopy(casey, boardId)).toBe(false)
  // And after a reload nothing of it is shown: not the cards, not the name it was joined under.
  await casey.reload()
  await expect(casey.getByRole('alert')).toContainText('Alex deleted this board')
  await expect(card(casey, 'Tired of going round in circles')).toHaveCount(0)
  await expect.poll(() => leftOnDevice(casey, [boardId, new URL(link).hash.slice(1), 'Tired of going round in circles'])).toEqual([])
})

test('after Delete for everyone, nothing of the board, its links or the name used on it is left on the deleting device, though it was moved first', async ({
  page,
}) => {
  const firstLink = await createBoardAndJoin(page, 'Quillon')
  await addCard(page, 'Feelings', 'Tired of going round in circles')
  await savePrivateNote(page, 'Breathe before replying')
  // Moved first: the device now remembers where the board went, under the old board's id.
  await openMenu(page)
  await page.getByRole('button', { name: 'Move to a new link' }).click()
  await page.getByRole('button', { name: 'Move the board' }).click()
  await expect(page).not.toHaveURL(firstLink)
  await expect(page.getByRole('region', { name: 'Invite your partner' })).toContainText('The board is on this new link now')
  const secondLink = page.url()
  const traces = [firstLink, secondLink].flatMap((link) => [new URL(link).pathname.split('/').pop()!, new URL(link).hash.slice(1)])
  expect(await leftOnDevice(page, [...traces, 'Quillon']), 'what the device keeps before the delete').not.toEqual([])

  await openMenu(page)
  await page.getByRole('button', { name: 'Delete this board' }).click()
  await page.getByRole('button', { name: 'I want to delete it' }).click()
  await page.getByRole('button', { name: 'Delete for everyone' }).click()
  await expect(page.getByRole('alert')).toContainText('Quillon deleted this board')
  await expect
    .poll(() => leftOnDevice(page, [...traces, 'Quillon', 'Tired of going round in circles', 'Breathe before replying']))
    .toEqual([])
  // While a board lives, the name used on it and its links are sealed too, not kept in the clear in the browser's storage.
  const another = await createBoardAndJoin(page, 'Quillon')
  const inTheClear = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))
  for (const secret of ['Quillon', new URL(another).hash.slice(1)]) expect(inTheClear).not.toContain(secret)
})

test('deleting a board deleted already answers calmly, and a failed delete deletes nothing', async ({ page, server, openDevice }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Needs', 'Quiet evenings')
  const other = await openDevice()
  await other.goto(link)
  await joinAs(other, 'Blair')

  // The server is away: the delete cannot happen, and says so; the board stays as it was.
  await openMenu(page)
  await page.getByRole('button', { name: 'Delete this board' }).click()
  await server.stop()
  const sheet = page.getByRole('dialog', { name: 'Delete this board' })
  await sheet.getByRole('button', { name: 'I want to delete it' }).click()
  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()
  await expect(sheet.getByRole('alert')).toContainText('nothing was deleted')
  await server.restart()
  await expect(card(other, 'Quiet evenings')).toBeVisible()

  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()
  await expect(page.getByRole('alert')).toContainText('Alex deleted this board')
  // Asked again with the right token (as a second screen would), the server says it is gone already.
  const { pathname, hash } = new URL(link)
  const boardId = pathname.split('/').pop()!
  const { accessToken } = await deriveBoardKeys(boardId, fromBase64Url(hash.slice(1)))
  const again = await fetch(`${server.url}/api/boards/${boardId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${toBase64Url(accessToken)}` },
  })
  expect(again.status).toBe(410)
  expect(await again.json()).toMatchObject({ error: { code: 'board_deleted', message: 'This board has been deleted.' } })
})
