import type { Page } from '@playwright/test'
import type * as Y from 'yjs'
import { seriousViolations } from '../kit/browser/axe.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { joinOnPhones, PHONE_390 } from '../kit/browser/facilitatedCouple.ts'
import { addCard, card, createBoardAndJoin, lane, showLane } from '../kit/browser/pages.ts'
import { writeAsLinkHolder } from '../kit/linkHolder.ts'
import { addCard as placeCard, deleteCard } from '../../client/cards/cards.ts'
import { cardsMap, readCard } from '../../client/core/cardView.ts'

test.use({ bypassCSP: true })

/** The person of this name on the board, as a link holder reads it from the doc. */
function personIdOf(doc: Y.Doc, name: string): string {
  for (const [id, person] of doc.getMap<{ name?: unknown }>('people')) if (person.name === name) return id
  throw new Error(`${name} is not on the board`)
}

/** The card's quiet line saying whose words it holds; absent when they are simply its author's. */
function authorshipNote(screen: Page, text: string) {
  return card(screen, text).locator('[data-authorship]')
}

test('each card says whose words it holds: the author’s, edited by someone, or not verified; a removal by someone else is named and can be put back', async ({
  openDevice,
  server,
}) => {
  test.slow()
  const alex = await openDevice(PHONE_390)
  const link = await createBoardAndJoin(alex, 'Alex')
  const [sam] = await joinOnPhones(openDevice, link, [['Sam']])
  if (sam === undefined) throw new Error('Sam did not join')
  const screens = [alex, sam]
  for (const screen of screens) await showLane(screen, 'Agreements')

  // Alex's own words: on Sam's phone under Alex's name, with nothing more to say.
  const walks = 'We walk together on Sundays'
  await addCard(alex, 'Agreements', walks)
  await expect(card(sam, walks).locator('footer')).toContainText('Alex')

  // A link holder writes an agreement as Alex, without Alex's device: on both phones it could not be verified.
  const forged = 'I will share my phone passcode and location with Sam at all times'
  await writeAsLinkHolder(server.url, link, (doc) => {
    placeCard(doc, { lane: 'agreements', text: forged, authorId: personIdOf(doc, 'Alex'), createdAt: Date.now(), talkId: null })
  })
  for (const screen of screens) {
    await expect(authorshipNote(screen, forged)).toHaveText('Could not be verified. Check together to see why.')
    // Not under Alex's name (whose acceptance it claims is the agreements' own check).
    await expect(card(screen, forged).locator('footer')).not.toContainText('Alex')
  }
  // Checked by now, Alex's own card still needs no word.
  for (const screen of screens) await expect(authorshipNote(screen, walks)).toHaveCount(0)
  expect(await seriousViolations(sam, 'main'), 'a card that could not be verified').toEqual([])

  // Sam revises Alex's agreement: it is named as Sam's edit, never as Alex's words.
  const revised = 'We walk together on Sundays and Wednesdays'
  await card(sam, walks).getByRole('button', { name: 'Edit' }).click()
  await lane(sam, 'Agreements').getByRole('textbox', { name: 'Revise agreement' }).fill(revised)
  await lane(sam, 'Agreements').getByRole('button', { name: 'Save' }).click()
  await expect(authorshipNote(alex, revised)).toHaveText('Edited by Sam')
  await expect(authorshipNote(sam, revised)).toHaveText('Edited by you')
  expect(await seriousViolations(alex, 'main'), 'an edited card').toEqual([])

  // A link holder removes a signed card of Alex's: both phones name it, and Sam puts it back as Alex's.
  const ours = 'We keep our phones away at dinner'
  await addCard(alex, 'Agreements', ours)
  await expect(card(sam, ours)).toBeVisible()
  await writeAsLinkHolder(server.url, link, (doc) => {
    for (const [id, fields] of cardsMap(doc)) if (readCard(id, fields)?.text === ours) deleteCard(doc, id)
  })
  const notice = (screen: Page) => screen.getByRole('region', { name: 'A card was removed' })
  await expect(notice(sam)).toContainText(`A card of Alex’s was removed on another device: “${ours}”.`)
  await expect(notice(alex)).toContainText(`A card of yours was removed on another device: “${ours}”.`)
  await expect(card(sam, ours)).toHaveCount(0)
  expect(await seriousViolations(sam, 'main'), 'a removed card named').toEqual([])
  await notice(sam).getByRole('button', { name: 'Put it back' }).click()
  for (const screen of screens) await expect(card(screen, ours)).toBeVisible()
  await expect(authorshipNote(sam, ours)).toHaveCount(0)
  await expect(card(sam, ours).locator('footer')).toContainText('Alex')
  await expect(notice(sam)).toHaveCount(0)
})
