import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { deriveBoardKeys, fromBase64Url, toBase64Url } from '../../shared/crypto.ts'
import { addCard, card, createBoardAndJoin, expect, joinAs, openMenu, PHONE, test } from './fixtures.ts'

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

  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()
  for (const screen of [alex, blair]) {
    await expect(screen.getByRole('alert')).toContainText('This board was deleted.')
    await expect(card(screen, 'Tired of going round in circles')).toHaveCount(0)
    await expect.poll(() => holdsLocalCopy(screen, boardId)).toBe(false)
  }

  // Casey's phone comes back: the server says the board is gone, and the copy on it goes too.
  const casey = await caseysDevice.newPage()
  expect(await casey.goto('/').then(() => holdsLocalCopy(casey, boardId))).toBe(true)
  await casey.goto(link)
  await expect(casey.getByRole('alert')).toContainText('This board was deleted.')
  await expect.poll(() => holdsLocalCopy(casey, boardId)).toBe(false)
  // And after a reload nothing of it is shown: not the cards, not the name it was joined under.
  await casey.reload()
  await expect(casey.getByRole('alert')).toContainText('This board was deleted.')
  await expect(card(casey, 'Tired of going round in circles')).toHaveCount(0)
  expect(await casey.evaluate((id) => localStorage.getItem(`common-ground:board:${id}:me`), boardId)).toBeNull()
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
  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()
  await expect(sheet.getByRole('alert')).toContainText('nothing was deleted')
  await server.restart()
  await expect(card(other, 'Quiet evenings')).toBeVisible()

  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()
  await expect(page.getByRole('alert')).toContainText('This board was deleted.')
  // Asked again with the right token (as a second screen would), the server says it is gone already.
  const { pathname, hash } = new URL(link)
  const boardId = pathname.split('/').pop()!
  const { accessToken } = await deriveBoardKeys(boardId, fromBase64Url(hash.slice(1)))
  const again = await fetch(`${server.url}/api/boards/${boardId}`, { method: 'DELETE', headers: { authorization: `Bearer ${toBase64Url(accessToken)}` } })
  expect(again.status).toBe(410)
  expect(await again.json()).toMatchObject({ error: { code: 'board_deleted', message: 'This board has been deleted.' } })
})
