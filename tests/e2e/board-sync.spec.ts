import { addCard, boardStatus, card, createBoardAndJoin, joinAs, lane, openPeople, sharedFrom } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('two partners on two devices place cards and see each other’s within a second', async ({ page, openDevice }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  await expect(boardStatus(page)).toHaveText('Saved')

  const placed = {
    Feelings: 'I felt alone on Sunday evening',
    Needs: 'To hear about plans before they are made',
    Agreements: 'We check in every Sunday at seven',
  } as const
  for (const [laneTitle, text] of Object.entries(placed) as [keyof typeof placed, string][]) {
    await addCard(page, laneTitle, text)
    const placedCard = lane(page, laneTitle).getByRole('article', { name: text, exact: true })
    await expect(placedCard).toBeVisible()
    await expect(placedCard).toContainText('Alex')
    await expect(placedCard).toContainText('just now')
  }
  await expect(boardStatus(page)).toHaveText('Saved')

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page.getByText('Copied', { exact: true })).toBeVisible()
  // The link shared carries this device's key fingerprint after the secret.
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(sharedFrom(link))

  const blair = await openDevice()
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  for (const [laneTitle, text] of Object.entries(placed) as [keyof typeof placed, string][]) {
    const seen = lane(blair, laneTitle).getByRole('article', { name: text, exact: true })
    await expect(seen).toBeVisible()
    await expect(seen).toContainText('Alex')
  }
  await expect(boardStatus(blair)).toHaveText('Saved')

  await addCard(blair, 'Needs', 'To be asked, not told')
  const arrived = lane(page, 'Needs').getByRole('article', { name: 'To be asked, not told', exact: true })
  await expect(arrived).toBeVisible({ timeout: 1000 })
  await expect(arrived).toContainText('Blair')
  await expect(card(blair, 'To be asked, not told')).toContainText('Blair')

  // Both partners are listed on both screens.
  for (const screen of [page, blair]) {
    await openPeople(screen)
    const people = screen.getByRole('region', { name: 'On this board' })
    await expect(people).toContainText('Alex')
    await expect(people).toContainText('Blair')
  }
  await expect(boardStatus(page)).toHaveText('Saved')
  await expect(boardStatus(blair)).toHaveText('Saved')
})

test('blank cards are not placed, and Shift+Enter keeps writing on a new line', async ({ page }) => {
  await createBoardAndJoin(page, 'Alex')
  const input = lane(page, 'Feelings').getByRole('textbox', { name: 'Add a feeling', exact: true })

  await input.fill('   ')
  await input.press('Enter')
  await expect(lane(page, 'Feelings').getByRole('article')).toHaveCount(0)

  await input.fill('Tired')
  await input.press('Shift+Enter')
  await input.pressSequentially('and a little hopeful')
  await expect(input).toHaveValue('Tired\nand a little hopeful')
  await input.press('Enter')
  await expect(lane(page, 'Feelings').getByRole('article')).toHaveCount(1)
  await expect(lane(page, 'Feelings').getByRole('article')).toContainText('and a little hopeful')
})
