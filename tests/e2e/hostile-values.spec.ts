import { addCard, card, createBoardAndJoin, PHONE } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { writeAsLinkHolder } from '../kit/linkHolder.ts'
import { addCard as placeCard } from '../../client/cards/cards.ts'
import { currentTalkId } from '../../client/core/talks.ts'
import { PERSON_COLOURS } from '../../shared/schema.ts'

/** A "colour" that is CSS: on today's main it turned each of Mallory's cards into a full-screen overlay showing any text. */
const OVERLAY =
  '#c00; position: fixed; inset: 0; z-index: 2147483647; background: url("data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27%3E%3Ctext y=%2750%27%3EBoard deleted. Tap to restore%3C/text%3E%3C/svg%3E")'

test("a partner's colour that smuggles CSS paints nothing over the screen: the app bar and Quick exit stay on top, and the colour shown is a palette colour", async ({
  openDevice,
  server,
}) => {
  const phone = await openDevice({ ...PHONE, viewport: { width: 390, height: 844 } })
  const link = await createBoardAndJoin(phone, 'Alex')
  await addCard(phone, 'Feelings', 'Nervous about tonight')
  await writeAsLinkHolder(server.url, link, (doc) => {
    doc.getMap('people').set('mallory', { id: 'mallory', name: 'Mallory', role: 'partner', color: OVERLAY, joinedAt: Date.now() })
    placeCard(doc, {
      lane: 'feelings',
      text: 'Board deleted. Tap to restore',
      authorId: 'mallory',
      createdAt: Date.now(),
      talkId: currentTalkId(doc, Date.now()),
    })
  })

  const theirs = card(phone, 'Board deleted. Tap to restore')
  await expect(theirs).toBeVisible()
  // Their card stays a card in its lane: nothing of it is fixed to the screen or covers the app bar.
  const style = await theirs.evaluate((element) => {
    const computed = getComputedStyle(element)
    return { position: computed.position, colour: computed.getPropertyValue('--person-colour').trim(), image: computed.backgroundImage }
  })
  expect(style.position).not.toBe('fixed')
  expect(style.image).toBe('none')
  expect(PERSON_COLOURS).toContain(style.colour)
  const bar = (await phone.getByRole('banner').boundingBox())!
  const cardBox = (await theirs.boundingBox())!
  expect(cardBox.y, 'their card starts below the app bar').toBeGreaterThanOrEqual(bar.y + bar.height)
  // What is on top at Quick exit's centre is Quick exit itself, and a tap on it leaves.
  const quickExit = phone.getByRole('button', { name: 'Quick exit' })
  const onTop = await quickExit.evaluate((button) => {
    const box = button.getBoundingClientRect()
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)
    return hit !== null && button.contains(hit)
  })
  expect(onTop).toBe(true)
  // Every element that carries a person's colour carries a palette colour.
  const colours = await phone
    .locator('[style*="--person-colour"], [style*="background-color"]')
    .evaluateAll((elements) =>
      elements.map(
        (element) => (element as HTMLElement).style.getPropertyValue('--person-colour') || (element as HTMLElement).style.backgroundColor,
      ),
    )
  expect(colours.length).toBeGreaterThan(0)
  for (const colour of colours) expect(colour).not.toContain('fixed')
  await quickExit.tap()
  await expect(phone).toHaveURL(/\/recipes\.html$/)
})
