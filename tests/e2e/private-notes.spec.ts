import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { createBoardAndJoin, joinAs, openMenu, PHONE } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

async function openPrivateNotes(page: Page) {
  await openMenu(page)
  await page.getByRole('button', { name: 'Private notes' }).click()
  const sheet = page.getByRole('dialog', { name: 'Private notes' })
  await expect(sheet).toBeVisible()
  return sheet
}

test("private notes stay on the writer's device: the partner on the same link never sees them, even after reloading", async ({
  page: alex,
  openDevice,
}) => {
  const socketTraffic: string[] = []
  alex.on('websocket', (socket) => socket.on('framesent', (frame) => socketTraffic.push(String(frame.payload))))
  const link = await createBoardAndJoin(alex, 'Alex')
  const note = 'Notice when I go quiet instead of saying I am hurt'
  let sheet = await openPrivateNotes(alex)
  await expect(sheet).toContainText('Your partner cannot see these notes')
  await expect(sheet).toContainText('lost with this device unless you export them')
  await sheet.getByRole('textbox', { name: 'Private note' }).fill(note)
  await sheet.getByRole('button', { name: 'Save note' }).click()
  await expect(sheet.getByRole('list', { name: 'Your private notes' })).toContainText(note)

  // Kept on this device: there after a reload.
  await alex.reload()
  sheet = await openPrivateNotes(alex)
  await expect(sheet.getByRole('list', { name: 'Your private notes' })).toContainText(note)

  const blair = await openDevice(PHONE)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  for (const when of ['after joining', 'after a reload']) {
    if (when === 'after a reload') await blair.reload()
    const blairsSheet = await openPrivateNotes(blair)
    await expect(blairsSheet, when).toContainText('No private notes on this board yet.')
    await expect(blairsSheet, when).not.toContainText(note)
  }
  // Not even sealed: a private note never travels, so no frame on the socket grew by it.
  expect(socketTraffic.some((payload) => payload.includes('Notice when I go quiet'))).toBe(false)
})

test('Export my notes downloads them as Markdown; a note whose key is gone says so instead of showing garbage', async ({ page }) => {
  await createBoardAndJoin(page, 'Alex')
  const sheet = await openPrivateNotes(page)
  await sheet.getByRole('textbox', { name: 'Private note' }).fill('Ask for a walk before the hard talk')
  await sheet.getByRole('button', { name: 'Save note' }).click()
  await expect(sheet.getByRole('list', { name: 'Your private notes' })).toContainText('Ask for a walk')

  const download = page.waitForEvent('download')
  await sheet.getByRole('button', { name: 'Export my notes' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^private-notes-\d{4}-\d{2}-\d{2}\.md$/)
  const markdown = await readFile((await file.path())!, 'utf8')
  expect(markdown).toContain('# My private notes')
  expect(markdown).toContain('Ask for a walk before the hard talk')

  // The device's key is cleared (as "clear site data" for keys alone would): the note cannot be opened any more.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('common-ground:device')
        open.onsuccess = () => {
          const transaction = open.result.transaction('keys', 'readwrite')
          transaction.objectStore('keys').clear()
          transaction.oncomplete = () => resolve()
          transaction.onerror = () => reject(transaction.error)
        }
      }),
  )
  await page.reload()
  // The name this device joined under was sealed with the same key: it asks who this is, and offers the people on the board.
  await page.getByRole('button', { name: 'Continue as Alex' }).click()
  const after = await openPrivateNotes(page)
  await expect(after).toContainText('This note cannot be read on this device')
  await expect(after).not.toContainText('Ask for a walk')
})
