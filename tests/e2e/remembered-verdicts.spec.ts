import type { Page } from '@playwright/test'
import * as Y from 'yjs'
import { addCard as placeCard } from '../../client/cards/cards.ts'
import { signCardText, type CardClaimEntry } from '../../client/core/cardClaims.ts'
import { newId } from '../../client/core/ids.ts'
import { registerDevice } from '../../client/core/devices.ts'
import { joinBoard } from '../../client/core/people.ts'
import { generateSigningKeyPair, signerOf } from '../../shared/signing.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { writeAsLinkHolder } from '../kit/linkHolder.ts'
import { card, createBoardAndJoin, openMenu } from '../kit/browser/pages.ts'

/** The claims this device remembers as verified on `boardId`: its device store's `verified` entries for the board. */
function rememberedOn(page: Page, boardId: string): Promise<number> {
  return page.evaluate(
    (board) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('common-ground:device')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const request = open.result.transaction('verified').objectStore('verified').getAllKeys()
          request.onsuccess = () => {
            resolve(request.result.filter((key) => Array.isArray(key) && key[0] === board).length)
            open.result.close()
          }
          request.onerror = () => reject(request.error)
        }
      }),
    boardId,
  )
}

test('a device remembers the signatures it verified, never a signature copied onto other words, and forgets them with the board', async ({
  page: alex,
  server,
}) => {
  const link = await createBoardAndJoin(alex, 'Alex')
  const boardId = new URL(link).pathname.split('/').pop()!

  // Blair's device signs two cards; a link holder copies the first one's signature onto other words.
  const blair = signerOf('blair-phone', await generateSigningKeyPair())
  const draft = new Y.Doc()
  joinBoard(draft, { id: 'blair', name: 'Blair', role: 'partner', color: '#8a4f7d', joinedAt: 1 })
  await registerDevice(draft, boardId, blair, 'blair', 1)
  const place = async (text: string, copied?: CardClaimEntry) => {
    const createdAt = Date.now()
    const card = { id: newId(), authorId: 'blair', lane: 'feelings', createdAt }
    // A copied signature is kept as if it covered these words: only checking it can tell.
    const claim = copied ? { ...copied, text } : await signCardText(blair, boardId, card, text)
    placeCard(draft, { lane: 'feelings', text, authorId: 'blair', createdAt, talkId: null }, { id: card.id, claim })
    return claim
  }
  const first = await place('Tired of going round in circles')
  await place('Hopeful about Sunday')
  await place('I will share my phone passcode', first)
  await writeAsLinkHolder(server.url, link, (doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(draft)))

  await expect(card(alex, 'I will share my phone passcode')).toBeVisible()
  // The three are checked in one batch: the two signed ones are remembered in one write, the copied signature is not.
  await expect.poll(() => rememberedOn(alex, boardId)).toBe(2)
  await alex.reload()
  await expect(card(alex, 'Hopeful about Sunday')).toBeVisible()
  expect(await rememberedOn(alex, boardId)).toBe(2)

  await openMenu(alex)
  await alex.getByRole('button', { name: 'Delete this board' }).click()
  const sheet = alex.getByRole('dialog', { name: 'Delete this board' })
  await sheet.getByRole('button', { name: 'I want to delete it' }).click()
  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()
  await expect(alex.getByRole('alert')).toContainText('Alex deleted this board')
  await expect.poll(() => rememberedOn(alex, boardId)).toBe(0)
})
