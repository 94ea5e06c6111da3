import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { facilitatedCouple, PHONE_390 } from '../kit/browser/facilitatedCouple.ts'
import { addCard, card, createBoardAndJoin, joinAs, LANE_INPUTS, lane, openMenu, showLane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

async function endTalk(screen: Page) {
  await openMenu(screen)
  await screen.getByRole('button', { name: 'End the talk' }).click()
  await screen.getByRole('button', { name: 'End the talk' }).click()
  await expect(screen.getByRole('button', { name: 'Start a talk' })).toBeVisible()
  await screen.keyboard.press('Escape')
}

async function openTalk(screen: Page, number: number) {
  await openMenu(screen)
  if (!(await screen.getByRole('list', { name: 'Talks' }).isVisible())) await screen.getByText('Timeline', { exact: true }).click()
  await screen
    .getByRole('list', { name: 'Talks' })
    .getByRole('button', { name: `Open talk ${number}` })
    .click()
  const sheet = screen.getByRole('dialog', { name: `Talk ${number}` })
  await expect(sheet).toBeVisible()
  return sheet
}

async function versionCount(screen: Page): Promise<number> {
  await openMenu(screen)
  await screen.getByRole('button', { name: 'Board history' }).click()
  const sheet = screen.getByRole('dialog', { name: 'Board history' })
  const versions = sheet.getByRole('list', { name: 'Earlier versions' })
  await expect(versions.getByRole('listitem').first()).toBeVisible()
  const count = await versions.getByRole('listitem').count()
  await sheet.getByRole('button', { name: 'Close' }).click()
  return count
}

test("a card carried forward stays in Talk 1's summary with its listening loop, and shows in Talk 2 as carried forward", async ({
  openDevice,
}) => {
  test.setTimeout(120_000)
  const maya = await openDevice(PHONE_390)
  const link = await createBoardAndJoin(maya, 'Maya')
  const jordan = await openDevice(PHONE_390)
  await jordan.goto(link)
  await joinAs(jordan, 'Jordan')

  const feeling = 'I felt left out of the plans'
  const reflection = 'You felt the plans were made without you'
  await addCard(maya, 'Feelings', feeling)
  await showLane(jordan, 'Feelings')
  await card(jordan, feeling).getByRole('button', { name: 'Reflect' }).click()
  await card(jordan, feeling).getByRole('textbox', { name: 'What I hear you saying is…' }).fill(reflection)
  await card(jordan, feeling).getByRole('button', { name: 'Share reflection' }).click()
  await card(maya, feeling).getByRole('button', { name: 'Heard', exact: true }).click()
  await expect(card(jordan, feeling)).toContainText('Heard')

  await endTalk(maya)
  await openMenu(maya)
  await maya.getByRole('button', { name: 'Start a talk' }).click()
  await expect(maya.getByText(/^Talk 2, started/)).toBeVisible()
  await maya.keyboard.press('Escape')

  // Jordan takes it up again in talk 2; it stays where it was said, and both screens say who carried it.
  await card(jordan, feeling).getByRole('button', { name: 'Carry forward' }).click()
  for (const screen of [maya, jordan]) {
    await expect(card(screen, feeling)).toContainText('Talk 1')
    await expect(card(screen, feeling)).toContainText('carried forward to Talk 2 by Jordan')
    await expect(card(screen, feeling).getByRole('button', { name: 'Carry forward' })).toHaveCount(0)
  }

  const first = await openTalk(maya, 1)
  const feelings = first.getByRole('region', { name: 'Feelings named in talk 1' })
  await expect(feelings).toContainText(feeling)
  await expect(feelings.getByRole('list', { name: 'Listening loop' })).toContainText(`Jordan reflected`)
  await expect(feelings.getByRole('list', { name: 'Listening loop' })).toContainText(`“${reflection}” — Maya: Heard.`)
  expect(await seriousViolations(maya, 'dialog')).toEqual([])
  const download = maya.waitForEvent('download')
  await first.getByRole('button', { name: 'Download summary' }).click()
  const markdown = await readFile((await (await download).path())!, 'utf8')
  expect(markdown).toContain(`- > ${feeling}`)
  expect(markdown).toContain(`“${reflection}” — Maya: Heard.`)
  expect(markdown).toContain('## How the talk was held')
  await first.getByRole('button', { name: 'Close' }).click()

  const second = await openTalk(jordan, 2)
  await expect(second.getByRole('region', { name: 'Feelings named in talk 2' })).toContainText(feeling)
  await expect(second.getByRole('region', { name: 'Feelings named in talk 2' })).toContainText('Carried forward from Talk 1.')
})

test('a card added after a talk ended starts the next talk only when its author chooses to, and that talk keeps its version in the history', async ({
  page: laptop,
  openDevice,
}) => {
  test.setTimeout(120_000)
  const { maya, jordan } = await facilitatedCouple(laptop, openDevice)
  await addCard(maya, 'Needs', 'Time to think before answering')
  await endTalk(maya)

  // Maya adds a need: she is asked, and nothing has started on anyone's screen.
  await showLane(maya, 'Needs')
  const input = lane(maya, 'Needs').getByRole('textbox', { name: LANE_INPUTS.Needs, exact: true })
  await input.fill('A walk first')
  await input.press('Enter')
  const choice = lane(maya, 'Needs').getByRole('group', { name: /^Talk 1 has ended\. Start talk 2 with this card/ })
  await expect(choice).toBeVisible()
  await expect(choice.getByText(/^Talk 1 has ended/)).toBeFocused()
  expect(await seriousViolations(maya, 'main')).toEqual([])
  // Who ended it is named where Maya's device signed it, and that signature verifies.
  for (const screen of [laptop, jordan]) {
    await openMenu(screen)
    await expect(screen.getByText(/^Talk 1 ended .* by Maya\.$/)).toBeVisible()
    await screen.keyboard.press('Escape')
  }

  // Between talks it goes on the board in no talk.
  await choice.getByRole('button', { name: 'Add between talks' }).click()
  await expect(card(laptop, 'A walk first')).toContainText('between talks')
  await openMenu(jordan)
  await expect(jordan.getByText(/^Talk 1 ended/)).toBeVisible()
  await jordan.keyboard.press('Escape')

  // Her next card she chooses to start talk 2 with: it starts for everyone, and the history keeps a version of it.
  await expect.poll(() => versionCount(laptop), { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
  const before = await versionCount(laptop)
  await input.fill('To be asked, not told')
  await input.press('Enter')
  await choice.getByRole('button', { name: 'Start talk 2' }).click()
  await expect(input).toHaveValue('')
  await showLane(jordan, 'Needs')
  await expect(card(jordan, 'To be asked, not told')).toContainText('Talk 2')
  await openMenu(jordan)
  await expect(jordan.getByText(/^Talk 2, started/)).toBeVisible()
  await jordan.keyboard.press('Escape')
  await expect.poll(() => versionCount(laptop), { timeout: 20_000 }).toBeGreaterThan(before)
})

test('a long summary opens at its top, its heading focused, on a phone', async ({ openDevice }) => {
  const maya = await openDevice(PHONE_390)
  await createBoardAndJoin(maya, 'Maya')
  for (let index = 1; index <= 10; index++) await addCard(maya, 'Feelings', `Feeling number ${index}, said at some length to fill the page`)
  await endTalk(maya)

  for (let round = 0; round < 2; round++) {
    const sheet = await openTalk(maya, 1)
    await expect(sheet.getByRole('heading', { name: 'Talk 1', exact: true })).toBeFocused()
    expect(await sheet.evaluate((dialog) => [dialog.scrollHeight > dialog.clientHeight, dialog.scrollTop])).toEqual([true, 0])
    await expect(sheet.getByRole('heading', { name: 'Talk 1', exact: true })).toBeInViewport()
    // Scrolled to its end and closed, it still opens at its top the next time.
    await sheet.evaluate((dialog) => dialog.scrollTo({ top: dialog.scrollHeight }))
    await sheet.getByRole('button', { name: 'Close' }).click()
  }
})
