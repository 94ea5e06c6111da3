/**
 * Wipes need proof. A phone forgets a board only when someone on it signed
 * the deletion (their device's 'retire' claim in the note left with the
 * board): the server's word alone — a bare 4410 — wipes nothing, says what
 * the server claims, and asks. Private notes belong to their owner: when
 * Alex deletes the board, Sam's copy goes, and Sam's private notes stay,
 * offered to export or delete, where the closed board is shown and in
 * "Your boards".
 */
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { deriveBoardKeys, fromBase64Url, toBase64Url } from '../../shared/crypto.ts'
import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, card, createBoardAndJoin, joinAs, openMenu, savePrivateNote } from '../kit/browser/pages.ts'
import { expect, test, type OpenDevice } from '../kit/browser/fixtures.ts'

const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: true } as const

test.use({ bypassCSP: true })

// Two phones each, on a machine others share.
test.slow()

/** Whether this device still holds its copy of the board (y-indexeddb's database for it). */
async function holdsLocalCopy(page: Page, boardId: string): Promise<boolean> {
  return page.evaluate(async (name) => (await indexedDB.databases()).some((db) => db.name === name), `common-ground:board:${boardId}`)
}

/** Alex makes a board on a phone and writes a card; Sam joins on another phone and keeps a private note. */
async function alexAndSam(openDevice: OpenDevice) {
  const alex = await openDevice(PHONE_390)
  const link = await createBoardAndJoin(alex, 'Alex')
  await addCard(alex, 'Feelings', 'Worn out by the same argument')
  const sam = await openDevice(PHONE_390)
  await sam.goto(link)
  await joinAs(sam, 'Sam')
  await expect(card(sam, 'Worn out by the same argument')).toBeVisible()
  await savePrivateNote(sam, 'Ask about Sunday without blaming')
  return { link, boardId: new URL(link).pathname.split('/').pop()!, alex, sam }
}

test('a bare 4410 from the server wipes nothing: the phone says what the server claims and asks, and keeping the copy leaves it readable', async ({
  openDevice,
  server,
}) => {
  const { link, boardId, alex, sam } = await alexAndSam(openDevice)

  // Deleted with the token alone, as the server or any link holder could: no one on the board signed it.
  const { accessToken } = await deriveBoardKeys(boardId, fromBase64Url(new URL(link).hash.slice(1)))
  const deleted = await fetch(`${server.url}/api/boards/${boardId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${toBase64Url(accessToken)}` },
  })
  expect(deleted.status).toBe(204)

  for (const phone of [sam, alex]) {
    const asked = phone.getByRole('alert')
    await expect(asked).toContainText('The server says this board was deleted, but no one on it signed that.')
    await expect(asked.getByRole('button', { name: 'Keep my copy' })).toBeVisible()
    await expect(asked.getByRole('button', { name: 'Remove it from this device' })).toBeVisible()
    expect(await holdsLocalCopy(phone, boardId)).toBe(true)
  }
  expect(await seriousViolations(sam), 'the question on a bare deletion').toEqual([])

  // Sam keeps the copy: the board is readable again, saying calmly that it no longer syncs.
  await sam.getByRole('button', { name: 'Keep my copy' }).click()
  await expect(card(sam, 'Worn out by the same argument')).toBeVisible()
  await expect(sam.getByText('Your copy stays on this device, readable; it no longer syncs.')).toBeVisible()
  expect(await seriousViolations(sam), 'the kept copy').toEqual([])
  // And after a reload it is still here, and the phone asks again rather than wiping.
  await sam.reload()
  await expect(sam.getByRole('alert')).toContainText('no one on it signed that')
  expect(await holdsLocalCopy(sam, boardId)).toBe(true)

  // Removing it is the person's own choice: the copy goes, their private notes stay theirs to export or delete.
  await sam.getByRole('button', { name: 'Remove it from this device' }).click()
  await expect(sam.getByRole('alert')).toContainText('This board was removed from this device.')
  await expect.poll(() => holdsLocalCopy(sam, boardId)).toBe(false)
  await expect(sam.getByRole('group', { name: 'Your private notes are still here:' })).toBeVisible()
})

test('a signed Delete for everyone by Alex wipes Sam’s copy, but Sam’s private notes stay, offered to export or delete', async ({
  openDevice,
}) => {
  const { link, boardId, alex, sam } = await alexAndSam(openDevice)
  await savePrivateNote(alex, 'My own note, gone with my board')

  await openMenu(alex)
  await alex.getByRole('button', { name: 'Delete this board' }).click()
  await alex.getByRole('button', { name: 'I want to delete it' }).click()
  await alex.getByRole('button', { name: 'Delete for everyone' }).click()

  // Sam's phone checked Alex's signature: the board goes from it, named as Alex's act.
  const told = sam.getByRole('alert')
  await expect(told).toContainText('Alex deleted this board')
  await expect(card(sam, 'Worn out by the same argument')).toHaveCount(0)
  await expect.poll(() => holdsLocalCopy(sam, boardId)).toBe(false)
  // Sam's private notes are Sam's: still here, with Export and Delete.
  const notes = told.getByRole('group', { name: 'Your private notes are still here:' })
  await expect(notes).toBeVisible()
  expect(await seriousViolations(sam), 'the closed board with private notes left').toEqual([])
  const download = sam.waitForEvent('download')
  await notes.getByRole('button', { name: 'Export' }).click()
  expect(await readFile((await (await download).path())!, 'utf8')).toContain('Ask about Sunday without blaming')

  // Alex deleted Alex's own board: Alex's own notes went with it, as the sheet said; nothing is offered.
  await expect(alex.getByRole('alert')).toContainText('Alex deleted this board')
  await expect(alex.getByRole('group', { name: 'Your private notes are still here:' })).toHaveCount(0)

  // Opening the old link again on Sam's phone: the same words, the notes still offered.
  await sam.goto(link)
  await expect(sam.getByRole('alert')).toContainText('Alex deleted this board')
  await expect(sam.getByRole('group', { name: 'Your private notes are still here:' })).toBeVisible()

  // The start page's Your boards keeps the entry for them, saying what happened; Delete removes the notes, and the entry with them.
  await sam.goto('/')
  const entry = sam.getByRole('listitem').filter({ hasText: 'Alex deleted this board' })
  await expect(entry).toBeVisible()
  await expect(entry.getByRole('link')).toHaveCount(0)
  expect(await seriousViolations(sam), 'Your boards with private notes left').toEqual([])
  await entry.getByRole('button', { name: 'Delete' }).click()
  await expect(sam.getByRole('listitem').filter({ hasText: 'Alex deleted this board' })).toHaveCount(0)
  await sam.reload()
  await expect(sam.getByRole('heading', { name: 'Create a board' }).or(sam.getByRole('button', { name: 'Create a board' }))).toBeVisible()
  await expect(sam.getByText('Alex deleted this board')).toHaveCount(0)
})
