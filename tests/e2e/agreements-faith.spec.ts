import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { joinOnPhones } from '../kit/browser/facilitatedCouple.ts'
import { addCard, card, createBoardAndJoin, lane, showLane } from '../kit/browser/pages.ts'

test.use({ bypassCSP: true, viewport: { width: 1280, height: 800 } })

async function revise(screen: Page, from: string, to: string): Promise<void> {
  await card(screen, from).getByRole('button', { name: 'Edit' }).click()
  await lane(screen, 'Agreements').getByRole('textbox', { name: 'Revise agreement' }).fill(to)
  await lane(screen, 'Agreements').getByRole('button', { name: 'Save' }).click()
  await expect(card(screen, to)).toBeVisible()
}

test("the proposer's proposal is their yes; a revision names its reviser and waits for the other partner; an agreed agreement is withdrawn, named and kept", async ({
  page: alex,
  openDevice,
}) => {
  // Three browsers and a long story: more time on a small, busy machine.
  test.slow()
  const link = await createBoardAndJoin(alex, 'Alex')
  const [blair, lee] = await joinOnPhones(openDevice, link, [['Blair'], ['Dr. Lee', 'Facilitator']])
  for (const screen of [blair, lee]) await showLane(screen, 'Agreements')

  // Proposing is accepting: Alex is not asked to accept their own words.
  const first = 'We say goodnight even after a hard day'
  await addCard(alex, 'Agreements', first)
  await expect(card(alex, first)).toContainText('Accepted by you. Waiting for Blair.')
  await expect(card(alex, first).getByRole('button', { name: 'Accept' })).toHaveCount(0)
  await expect(card(blair, first)).toContainText('Accepted by Alex. Waiting for you.')
  await expect(card(lee, first)).toContainText('Accepted by Alex. Waiting for Blair.')
  // The other partner's yes makes it an agreement.
  await card(blair, first).getByRole('button', { name: 'Accept' }).click()
  for (const screen of [alex, blair, lee]) await expect(card(screen, first)).toContainText('Agreed')

  // Blair rewrites Alex's agreement: every screen says whose edit it is (signed by Blair's device), not "Alex · edited".
  const revised = 'We say goodnight, even after a hard day, in person'
  await revise(blair, first, revised)
  await expect(card(alex, revised)).toContainText('Edited by Blair')
  await expect(card(lee, revised)).toContainText('Edited by Blair')
  await expect(card(blair, revised)).toContainText('Edited by you')
  for (const screen of [alex, blair, lee]) await expect(card(screen, revised)).not.toContainText('edited')
  // The revision is Blair's yes and waits for Alex again.
  await expect(card(blair, revised)).toContainText('Accepted by you. Waiting for Alex.')
  await expect(card(blair, revised).getByRole('button', { name: 'Accept' })).toHaveCount(0)
  await expect(card(alex, revised)).toContainText('Accepted by Blair. Waiting for you.')
  await card(alex, revised).getByRole('button', { name: 'Accept' }).click()
  for (const screen of [alex, blair, lee]) await expect(card(screen, revised)).toContainText('Agreed')
  expect(await seriousViolations(blair, 'main'), 'a revised agreement').toEqual([])

  // Agreed by both, it cannot be deleted: Alex (its proposer) withdraws it, after saying so once more.
  await expect(card(alex, revised).getByRole('button', { name: 'Delete' })).toHaveCount(0)
  await card(alex, revised).getByRole('button', { name: 'Withdraw', exact: true }).click()
  await expect(card(alex, revised)).toContainText('It stays on the board, marked as withdrawn by you')
  expect(await seriousViolations(alex, 'main'), 'asking to withdraw').toEqual([])
  await card(alex, revised).getByRole('button', { name: 'Withdraw the agreement' }).click()

  await expect(card(alex, revised)).toContainText('Withdrawn by you')
  await expect(card(blair, revised)).toContainText('Withdrawn by Alex')
  await expect(card(lee, revised)).toContainText('Withdrawn by Alex')
  for (const screen of [alex, blair, lee]) {
    const placed = card(screen, revised)
    await expect(placed).not.toContainText('Agreed')
    await expect(placed).toContainText('had been accepted by')
    for (const name of ['Accept', 'Edit', 'Withdraw', 'Delete', 'Kept', 'Missed']) {
      await expect(placed.getByRole('button', { name, exact: true })).toHaveCount(0)
    }
    // Its history stays: the earlier text and who had accepted it.
    await placed.getByText('Earlier versions (1)', { exact: true }).click()
    await expect(placed.getByRole('listitem').filter({ hasText: first })).toContainText('accepted by')
  }
  expect(await seriousViolations(blair, 'main'), 'a withdrawn agreement').toEqual([])

  // An agreement not yet agreed is still deleted as before, and undo brings it back.
  const draft = 'We plan a day out every month'
  await addCard(alex, 'Agreements', draft)
  await expect(card(blair, draft)).toBeVisible()
  await card(alex, draft).getByRole('button', { name: 'Delete' }).click()
  for (const screen of [alex, blair]) await expect(card(screen, draft)).toHaveCount(0)
  await alex.getByRole('button', { name: 'Undo' }).click()
  for (const screen of [alex, blair]) await expect(card(screen, draft)).toBeVisible()
})
