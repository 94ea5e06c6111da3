import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { PHONE, addCard, card, createBoardAndJoin, joinAs, openPeople, showLane } from '../kit/browser/pages.ts'

/** The phones of the issue: 390 × 844. */
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 }, bypassCSP: true }

test.use({ bypassCSP: true, viewport: { width: 1280, height: 800 } })

const MISTAKE = 'Alex phone'

function notice(screen: Page, name: string | RegExp) {
  return screen.getByRole('region', { name })
}

test('a third person added by mistake is removed when one person asks and another confirms; agreements stop waiting for them, and the link is said to stay open', async ({
  page: alex,
  openDevice,
}) => {
  // Three browsers and a long story: more time on a small, busy machine.
  test.slow()
  const link = await createBoardAndJoin(alex, 'Alex')
  const blair = await openDevice(PHONE_390)
  await blair.goto(link)
  await joinAs(blair, 'Blair')

  // Alex's phone opens the link: it is offered to continue as Alex or Blair, and a board with its two partners offers a facilitator's place.
  const phone = await openDevice(PHONE_390)
  await phone.goto(link)
  for (const name of ['Alex', 'Blair']) await expect(phone.getByRole('button', { name: `Continue as ${name}`, exact: true })).toBeVisible()
  await expect(phone.getByRole('radio', { name: 'Facilitator', exact: true })).toBeChecked()
  // Typing a name already on the board points back to continuing as that person.
  await phone.getByRole('textbox', { name: 'Your name' }).fill('alex')
  await phone.getByRole('radio', { name: 'Partner', exact: true }).check()
  await expect(phone.getByText('As a third partner, every agreement would wait for your yes too.', { exact: false })).toBeVisible()
  await phone.getByRole('button', { name: 'Join' }).click()
  await expect(phone.getByRole('textbox', { name: 'Your name' })).toHaveAccessibleDescription(/Alex is already on this board/)
  expect(await seriousViolations(phone), 'join step with a third partner chosen').toEqual([])
  // The mistake: a new name, as a third partner.
  await joinAs(phone, MISTAKE, 'Partner')
  await addCard(phone, 'Feelings', 'Typed on the wrong phone')

  // Alex proposes; Blair accepts; it still waits for the mistaken third partner.
  const promise = 'We take a walk together on Saturdays'
  await addCard(alex, 'Agreements', promise)
  await showLane(blair, 'Agreements')
  await card(blair, promise).getByRole('button', { name: 'Accept' }).click()
  await expect(card(alex, promise)).toContainText(`Waiting for ${MISTAKE}.`)

  // Alex asks to remove the mistaken person; every screen is told who asked.
  await openPeople(alex)
  const mistakeRow = alex.getByRole('region', { name: 'On this board' }).getByRole('listitem').filter({ hasText: MISTAKE })
  await mistakeRow.getByRole('button', { name: 'Remove from this board' }).click()
  const asking = `Removing ${MISTAKE} from this board`
  await expect(notice(alex, asking)).toContainText(`You asked to remove ${MISTAKE} from this board.`)
  await expect(notice(alex, asking)).toContainText('Waiting for someone else on the board to confirm.')
  // One person alone removes nobody: the asker is not offered the confirmation.
  await expect(notice(alex, asking).getByRole('button', { name: 'Confirm the removal' })).toHaveCount(0)
  await expect(notice(blair, asking)).toContainText(`Alex asks to remove ${MISTAKE} from this board.`)
  await expect(notice(phone, asking)).toContainText('Alex asks to remove you from this board.')
  await expect(card(alex, promise)).toContainText(`Waiting for ${MISTAKE}.`)
  expect(await seriousViolations(blair, 'main'), 'a removal asked for').toEqual([])

  // Blair confirms: the person is no longer on the board, on every screen, with both names.
  await notice(blair, asking).getByRole('button', { name: 'Confirm the removal' }).click()
  const removed = `${MISTAKE} was removed`
  await expect(notice(alex, removed)).toContainText(`${MISTAKE} was removed from this board by you, confirmed by Blair.`)
  await expect(notice(blair, removed)).toContainText(`${MISTAKE} was removed from this board by Alex, confirmed by you.`)
  for (const screen of [alex, blair]) {
    // The agreement needs the partners on the board, not a ghost.
    await expect(card(screen, promise)).toContainText('Agreed')
    await expect(card(screen, promise)).not.toContainText(MISTAKE)
    // Their cards stay, under their name, marked.
    await showLane(screen, 'Feelings')
    await expect(card(screen, 'Typed on the wrong phone')).toContainText(`${MISTAKE} (no longer on this board)`)
    // Removing someone does not take back their link: said, with the move offered.
    await expect(notice(screen, removed)).toContainText(`Removing ${MISTAKE} does not take back the link they hold`)
    await expect(notice(screen, removed).getByRole('button', { name: 'Move to a new link' })).toBeVisible()
  }
  expect(await seriousViolations(blair, 'main'), 'a removal made').toEqual([])

  // The removed device is shown the join step again, told what happened, and offered only the people on the board.
  await expect(phone.getByRole('heading', { name: 'Join this board' })).toBeVisible()
  await expect(phone.getByRole('status').filter({ hasText: `This device had joined as ${MISTAKE}` })).toContainText(
    'removed from this board by Alex, confirmed by Blair',
  )
  await expect(phone.getByRole('button', { name: `Continue as ${MISTAKE}` })).toHaveCount(0)
  await phone.getByRole('button', { name: 'Continue as Alex', exact: true }).click()
  await expect(phone.getByRole('button', { name: 'Invite' })).toBeVisible()
  await showLane(phone, 'Agreements')
  await expect(card(phone, promise)).toContainText('by you and Blair')

  // Read on this device, the notice goes; the people list keeps the record, with the same note about the link.
  await notice(blair, removed).getByRole('button', { name: 'Got it' }).click()
  await expect(notice(blair, removed)).toHaveCount(0)
  await openPeople(blair)
  const people = blair.getByRole('region', { name: 'On this board' })
  await expect(people.getByRole('list', { name: 'No longer on this board' })).toContainText(
    `${MISTAKE} · removed by Alex, confirmed by you`,
  )
  await expect(people).toContainText(`Removing ${MISTAKE} does not take back the link they hold`)
  expect(await seriousViolations(blair, '#people-panel'), 'people with someone removed').toEqual([])
  await people.getByRole('button', { name: 'Move to a new link' }).click()
  const sheet = blair.getByRole('dialog', { name: 'Move to a new link' })
  await expect(sheet).toBeVisible()
  await sheet.getByRole('button', { name: 'Close' }).click()
  await expect(sheet).toHaveCount(0)
})

test('a request to remove someone can be taken back by the asker, and the person stays', async ({ page: alex, openDevice }) => {
  const link = await createBoardAndJoin(alex, 'Alex')
  const blair = await openDevice(PHONE_390)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await openPeople(alex)
  await alex
    .getByRole('region', { name: 'On this board' })
    .getByRole('listitem')
    .filter({ hasText: 'Blair' })
    .getByRole('button', { name: 'Remove from this board' })
    .click()
  await expect(notice(blair, 'Removing Blair from this board')).toContainText('Alex asks to remove you from this board.')
  await notice(alex, 'Removing Blair from this board').getByRole('button', { name: 'Take back the request' }).click()
  for (const screen of [alex, blair]) await expect(notice(screen, 'Removing Blair from this board')).toHaveCount(0)
  await openPeople(blair)
  await expect(blair.getByRole('region', { name: 'On this board' }).getByRole('list', { name: 'Here now' })).toContainText('Blair')
})
