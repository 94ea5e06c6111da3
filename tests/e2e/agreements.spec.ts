import type { Page } from '@playwright/test'
import {
  addCard,
  alexAndBlairOnAPhone,
  card,
  createBoardAndJoin,
  hereNow,
  joinAs,
  lane,
  openPeople,
  showLane,
} from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/** Where an agreement stands on one screen: its badge, and the line that says who accepted and who is awaited. */
async function expectStatus(screen: Page, text: string, badge: 'Proposal' | 'Agreed', line: string | RegExp): Promise<void> {
  const placed = card(screen, text)
  await expect(placed).toBeVisible()
  await expect(placed).toContainText(badge)
  await expect(placed).not.toContainText(badge === 'Agreed' ? 'Proposal' : 'Agreed')
  await expect(placed).toContainText(line)
}

/**
 * Alex and Blair, in either order. A screen that loaded the people from the
 * server may list them in another order than the screens they joined on
 * (see the test "every screen names the partners in the same order" below);
 * this test is about who, not in which order.
 */
const ALEX_AND_BLAIR = '(Alex and Blair|Blair and Alex)'

test('an agreement is one only when every partner accepts it; a facilitator is not asked; a revision is accepted again and keeps the old text', async ({
  page: alex,
  openDevice,
}) => {
  // Three browsers and a long story: more time on a small, busy machine.
  test.slow()
  const { link, blair } = await alexAndBlairOnAPhone(alex, openDevice)
  await showLane(blair, 'Agreements')

  // Alex proposes a recurring agreement.
  const first = 'We check in with each other after dinner'
  await lane(alex, 'Agreements').getByRole('combobox', { name: 'Repeats' }).selectOption({ label: 'Every Sunday' })
  await addCard(alex, 'Agreements', first)
  for (const screen of [alex, blair]) {
    await expect(card(screen, first)).toContainText('Repeats: Every Sunday')
    // Agreements are accepted, not reflected.
    await expect(card(screen, first).getByRole('button', { name: 'Reflect' })).toHaveCount(0)
  }
  // Proposing is accepting; one partner's yes is not yet an agreement.
  await expect(card(alex, first).getByRole('button', { name: 'Accept' })).toHaveCount(0)
  await expectStatus(alex, first, 'Proposal', 'Accepted by you. Waiting for Blair.')
  await expectStatus(blair, first, 'Proposal', 'Accepted by Alex. Waiting for you.')

  // A facilitator joins: nobody waits for them, and they are not asked to accept (though they may revise).
  const rivera = await openDevice()
  await rivera.goto(link)
  await joinAs(rivera, 'Dr. Rivera', 'Facilitator')
  await expectStatus(rivera, first, 'Proposal', 'Accepted by Alex. Waiting for Blair.')
  await expect(card(rivera, first).getByRole('button', { name: 'Edit' })).toBeVisible()
  await expect(card(rivera, first).getByRole('button', { name: 'Accept' })).toHaveCount(0)
  await expectStatus(alex, first, 'Proposal', 'Accepted by you. Waiting for Blair.')
  await expectStatus(blair, first, 'Proposal', 'Accepted by Alex. Waiting for you.')

  // The second partner's yes makes it an agreement, on every screen.
  await card(blair, first).getByRole('button', { name: 'Accept' }).click()
  await expectStatus(alex, first, 'Agreed', 'by you and Blair')
  await expectStatus(blair, first, 'Agreed', 'by Alex and you')
  await expectStatus(rivera, first, 'Agreed', new RegExp(`by ${ALEX_AND_BLAIR}`))
  for (const screen of [alex, blair, rivera]) {
    await expect(card(screen, first).getByRole('button', { name: 'Accept' })).toHaveCount(0)
    await expect(card(screen, first)).not.toContainText('Rivera')
  }

  // Blair revises it on the phone: a new text and a new day make it a proposal again.
  const revised = 'We check in with each other after dinner, phones away'
  await card(blair, first).getByRole('button', { name: 'Edit' }).click()
  const editor = lane(blair, 'Agreements').getByRole('textbox', { name: 'Revise agreement' })
  await expect(editor).toHaveValue(first)
  await editor.fill(revised)
  await lane(blair, 'Agreements').getByRole('combobox', { name: 'Repeats' }).first().selectOption({ label: 'Every Monday' })
  await lane(blair, 'Agreements').getByRole('button', { name: 'Save' }).click()
  await expect(editor).toHaveCount(0)

  for (const screen of [alex, blair, rivera]) {
    await expect(card(screen, first)).toHaveCount(0)
    await expect(card(screen, revised)).toContainText('Repeats: Every Monday')
  }
  // Revising is Blair's yes to the new text; it waits for Alex.
  await expectStatus(alex, revised, 'Proposal', 'Accepted by Blair. Waiting for you.')
  await expectStatus(blair, revised, 'Proposal', 'Accepted by you. Waiting for Alex.')
  await expectStatus(rivera, revised, 'Proposal', 'Accepted by Blair. Waiting for Alex.')
  await expect(card(alex, revised).getByRole('button', { name: 'Accept' })).toBeVisible()
  await expect(card(blair, revised).getByRole('button', { name: 'Accept' })).toHaveCount(0)
  await expect(card(rivera, revised).getByRole('button', { name: 'Accept' })).toHaveCount(0)

  // The earlier text stays readable, with who had accepted it.
  for (const screen of [alex, blair, rivera]) {
    const placed = card(screen, revised)
    // A <details> disclosure: its <summary> has no ARIA role to find it by, so its visible words open it.
    const earlier = placed.getByText('Earlier versions (1)', { exact: true })
    await expect(earlier).toBeVisible()
    await earlier.click()
    await expect(placed.getByText(first, { exact: true })).toBeVisible()
    await expect(placed.getByRole('listitem').filter({ hasText: first })).toContainText('every sunday')
  }
  await expect(card(rivera, revised).getByRole('listitem').filter({ hasText: first })).toContainText(
    new RegExp(`accepted by ${ALEX_AND_BLAIR}`),
  )

  // Alex accepts the revision: agreed again.
  await card(alex, revised).getByRole('button', { name: 'Accept' }).click()
  await expectStatus(alex, revised, 'Agreed', 'by you and Blair')
  await expectStatus(blair, revised, 'Agreed', 'by Alex and you')
  await expectStatus(rivera, revised, 'Agreed', new RegExp(`by ${ALEX_AND_BLAIR}`))
})

test('two people revising one agreement at once both keep their change: one merged text on both screens', async ({
  page: alex,
  openDevice,
}) => {
  const { blair } = await alexAndBlairOnAPhone(alex, openDevice)
  await showLane(blair, 'Agreements')

  const original = 'we talk on Sunday evening after dinner'
  await addCard(alex, 'Agreements', original)
  await expect(card(blair, original)).toBeVisible()

  // Both open the editor before either saves.
  await card(alex, original).getByRole('button', { name: 'Edit' }).click()
  await card(blair, original).getByRole('button', { name: 'Edit' }).click()
  const alexEditor = lane(alex, 'Agreements').getByRole('textbox', { name: 'Revise agreement' })
  const blairEditor = lane(blair, 'Agreements').getByRole('textbox', { name: 'Revise agreement' })
  await expect(alexEditor).toHaveValue(original)
  await expect(blairEditor).toHaveValue(original)

  // Alex changes the start, Blair the end; they save at the same moment.
  await alexEditor.fill(`Every week ${original}`)
  await blairEditor.fill(`${original}, for half an hour`)
  await Promise.all([
    lane(alex, 'Agreements').getByRole('button', { name: 'Save' }).click(),
    lane(blair, 'Agreements').getByRole('button', { name: 'Save' }).click(),
  ])

  const merged = 'Every week we talk on Sunday evening after dinner, for half an hour'
  for (const screen of [alex, blair]) {
    await expect(lane(screen, 'Agreements').getByRole('article')).toHaveCount(1)
    await expect(card(screen, merged)).toBeVisible()
    await expect(card(screen, merged)).toContainText('Proposal')
    await expect(card(screen, merged).getByText(/^Earlier versions \(\d\)$/)).toBeVisible()
  }
})

test('every screen names the partners of an agreement in the same order, the order they joined in', async ({ page: alex, openDevice }) => {
  // Four browsers: more time on a small, busy machine.
  test.slow()
  // Three partners and a facilitator who arrives last and reads everyone from the server.
  const link = await createBoardAndJoin(alex, 'Alex')
  const others: Page[] = []
  for (const name of ['Blair', 'Casey']) {
    const screen = await openDevice()
    await screen.goto(link)
    await joinAs(screen, name)
    others.push(screen)
  }
  const [blair, casey] = others as [Page, Page]
  const text = 'Phones off at the table'
  await addCard(alex, 'Agreements', text)
  // Alex proposed it, which is Alex's yes.
  for (const screen of [blair, casey]) await card(screen, text).getByRole('button', { name: 'Accept' }).click()
  const rivera = await openDevice()
  await rivera.goto(link)
  await joinAs(rivera, 'Dr. Rivera', 'Facilitator')

  // "On this board" lists people in the order they joined, on every screen; the agreement should name them alike.
  await openPeople(rivera)
  await expect(hereNow(rivera).getByRole('listitem')).toHaveText([/Alex/, /Blair/, /Casey/, /Dr\. Rivera/])
  await expectStatus(alex, text, 'Agreed', 'by you, Blair and Casey')
  await expectStatus(blair, text, 'Agreed', 'by Alex, you and Casey')
  await expectStatus(casey, text, 'Agreed', 'by Alex, Blair and you')
  await expectStatus(rivera, text, 'Agreed', 'by Alex, Blair and Casey')
})
