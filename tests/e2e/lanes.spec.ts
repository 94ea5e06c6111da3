import type { Page } from '@playwright/test'
import {
  addCard,
  boardStatus,
  card,
  createBoardAndJoin,
  joinAs,
  lane,
  LANE_INPUTS,
  laneButton,
  type LaneTitle,
  PHONE,
  scrollsSideways,
  showLane,
} from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

const LANE_TITLES = Object.keys(LANE_INPUTS) as LaneTitle[]

/** On a phone exactly this lane shows, and its switcher button says so. */
async function expectOnlyLaneShown(phone: Page, shown: LaneTitle): Promise<void> {
  for (const title of LANE_TITLES) {
    await expect(laneButton(phone, title)).toHaveAttribute('aria-pressed', String(title === shown))
    if (title === shown) await expect(lane(phone, title)).toBeVisible()
    else await expect(lane(phone, title)).toBeHidden()
  }
}

test('every one of the six lanes takes a card, and it appears on the other screen, laptop and phone alike', async ({
  page: laptop,
  openDevice,
}) => {
  // Six cards, each checked on two screens: more time on a small, busy machine.
  test.slow()
  const link = await createBoardAndJoin(laptop, 'Alex')
  const phone = await openDevice(PHONE)
  await phone.goto(link)
  await joinAs(phone, 'Blair')

  // On a laptop (1280 px wide here) all six lanes show at once, side by side in the board's order; the phone's lane
  // switcher is not there.
  await expect(laptop.getByRole('navigation', { name: 'Lanes' })).toBeHidden()
  const boxes = []
  for (const title of LANE_TITLES) {
    await expect(lane(laptop, title)).toBeVisible()
    boxes.push((await lane(laptop, title).boundingBox())!)
  }
  for (const [index, box] of boxes.entries()) {
    expect(box.y).toBeCloseTo(boxes[0]!.y, 0)
    if (index > 0) expect(box.x).toBeGreaterThan(boxes[index - 1]!.x + boxes[index - 1]!.width - 1)
  }

  // On the phone one lane shows at a time: Feelings first.
  await expect(phone.getByRole('navigation', { name: 'Lanes' })).toBeVisible()
  await expectOnlyLaneShown(phone, 'Feelings')

  // The devices take turns: each writes in three lanes and reads the other three.
  const placed: Record<LaneTitle, string> = {
    Feelings: 'Hurt, and still a bit shaky',
    Needs: 'To know you are willing to try',
    Agreements: 'A message when plans change',
    // Placed from the lane's prompt, as is: a question is ready with one tap and Enter.
    Questions: 'How did my behaviour make you feel?',
    'Appreciations & wins': 'Thank you for coming home early on Friday',
    Concerns: 'I worry that we slip back into silence',
  }
  for (const [index, title] of LANE_TITLES.entries()) {
    const [writer, reader, writerName] = index % 2 === 0 ? [laptop, phone, 'Alex'] : [phone, laptop, 'Blair']
    const text = placed[title]
    if (title === 'Questions') {
      await showLane(writer, title)
      const input = lane(writer, title).getByRole('textbox', { name: 'Ask a question', exact: true })
      await lane(writer, title).getByRole('list', { name: 'Prompts' }).getByRole('button', { name: text }).click()
      await expect(input).toHaveValue(text)
      await expect(input).toBeFocused()
      await input.press('Enter')
      await expect(input).toHaveValue('')
    } else {
      await addCard(writer, title, text)
    }
    if (writer === phone) await expectOnlyLaneShown(phone, title)
    await expect(lane(writer, title).getByRole('article', { name: text, exact: true })).toBeVisible()

    await showLane(reader, title)
    if (reader === phone) await expectOnlyLaneShown(phone, title)
    const arrived = lane(reader, title).getByRole('article', { name: text, exact: true })
    await expect(arrived).toBeVisible()
    await expect(arrived).toContainText(writerName)
    await expect(arrived).toContainText('Talk 1')
  }

  // Every lane holds exactly its one card, on both screens; the phone's switcher counts them.
  for (const title of LANE_TITLES) {
    for (const screen of [laptop, phone]) {
      await showLane(screen, title)
      await expect(lane(screen, title).getByRole('article')).toHaveCount(1)
      await expect(card(screen, placed[title])).toHaveCount(1)
    }
    await expect(laneButton(phone, title)).toHaveAccessibleDescription('1 card')
  }
  expect(await scrollsSideways(phone)).toBe(false)
  await expect(boardStatus(laptop)).toHaveText('Saved')
  await expect(boardStatus(phone)).toHaveText('Saved')
})

test('a feeling chosen from the vocabulary, with its intensity, arrives intact on the other screen', async ({
  page: laptop,
  openDevice,
}) => {
  const phone = await openDevice(PHONE)
  const link = await createBoardAndJoin(phone, 'Alex')
  await laptop.goto(link)
  await joinAs(laptop, 'Blair')

  const feelings = lane(phone, 'Feelings')
  // The picker is a <details> disclosure; its <summary> has no ARIA role to find it by, so its visible words open it.
  await feelings.getByText('Choose feeling words', { exact: true }).click()
  const search = feelings.getByRole('searchbox', { name: 'Find a feeling word' })
  await search.fill('betray')
  const betrayed = feelings.getByRole('button', { name: 'betrayed', exact: true })
  await expect(betrayed).toHaveAttribute('aria-pressed', 'false')
  // The search narrows the list: words that do not match are gone.
  await expect(feelings.getByRole('button', { name: 'lonely', exact: true })).toHaveCount(0)
  await betrayed.click()
  await expect(betrayed).toHaveAttribute('aria-pressed', 'true')
  await expect(feelings.getByRole('list', { name: 'Chosen feeling words' }).getByRole('button', { name: 'Remove betrayed' })).toBeVisible()

  const four = feelings.getByRole('radio', { name: 'Intensity 4 of 5: very' })
  await four.check({ force: true })
  await expect(four).toBeChecked()
  await addCard(phone, 'Feelings', 'When I read the messages')

  // The form is ready for the next card: no word chosen, no intensity.
  await expect(betrayed).toHaveAttribute('aria-pressed', 'false')
  await expect(four).not.toBeChecked()

  for (const screen of [phone, laptop]) {
    const placed = lane(screen, 'Feelings').getByRole('article', { name: 'When I read the messages', exact: true })
    await expect(placed).toBeVisible()
    await expect(placed).toContainText('betrayed')
    await expect(placed).toContainText('Intensity 4 of 5 (very)')
    await expect(placed).toContainText('Alex')
  }

  // A need from its own vocabulary, with no words of one's own: the card is named by the word.
  await showLane(laptop, 'Needs')
  const needs = lane(laptop, 'Needs')
  await needs.getByText('Choose need words', { exact: true }).click()
  await needs.getByRole('searchbox', { name: 'Find a need word' }).fill('honest')
  await needs.getByRole('button', { name: 'honesty', exact: true }).click()
  await needs.getByRole('button', { name: 'Add', exact: true }).click()
  await showLane(phone, 'Needs')
  const need = lane(phone, 'Needs').getByRole('article', { name: 'honesty', exact: true })
  await expect(need).toBeVisible()
  await expect(need).toContainText('Blair')
  expect(await scrollsSideways(phone)).toBe(false)
})
