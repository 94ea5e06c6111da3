import {
  addCard,
  away,
  card,
  createBoardAndJoin,
  hereNow,
  joinAs,
  lane,
  openPeople,
  PHONE,
  scrollsSideways,
  showLane,
} from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/** What a card holds (shared/schema.ts MAX_CARD_TEXT). */
const CARD_LIMIT = 2000

test('blank cards are not placed, a pasted 10,000 characters are cut to what a card holds and the phone says so, never scrolling sideways', async ({
  page: laptop,
  openDevice,
}) => {
  const phone = await openDevice(PHONE)
  await phone.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  const link = await createBoardAndJoin(phone, 'Alex')
  await laptop.goto(link)
  await joinAs(laptop, 'Blair')

  // Blank: spaces and new lines, by Enter and by the Add button, place nothing anywhere.
  await showLane(phone, 'Concerns')
  const input = lane(phone, 'Concerns').getByRole('textbox', { name: 'Add a concern', exact: true })
  await input.fill('   \n\n   ')
  await input.press('Enter')
  await input.fill('  ')
  await lane(phone, 'Concerns').getByRole('button', { name: 'Add', exact: true }).click()
  // A real card placed after the blanks proves the blanks had time to arrive, had they been placed.
  await addCard(phone, 'Concerns', 'I worry that I say too little')
  await expect(card(laptop, 'I worry that I say too little')).toBeVisible()
  for (const screen of [phone, laptop]) {
    await expect(lane(screen, 'Concerns').getByRole('article')).toHaveCount(1)
  }

  // 10,000 characters pasted: the box keeps the first 2,000 and a note says the rest was left out.
  const sentence = 'It keeps coming back to me at night, and I do not know what to do with it. '
  const pasted = sentence.repeat(Math.ceil(10_000 / sentence.length)).slice(0, 10_000)
  const kept = pasted.slice(0, CARD_LIMIT)
  await phone.evaluate((text) => navigator.clipboard.writeText(text), pasted)
  await input.focus()
  await phone.keyboard.press('ControlOrMeta+v')
  await expect(input).toHaveValue(kept)
  await expect(input).toHaveAccessibleDescription(`A card holds up to ${CARD_LIMIT} characters; the rest was left out.`)
  await expect(lane(phone, 'Concerns').getByText(`A card holds up to ${CARD_LIMIT} characters; the rest was left out.`)).toBeVisible()
  expect(await scrollsSideways(phone)).toBe(false)

  await input.press('Enter')
  await expect(input).toHaveValue('')
  // The note goes with the text it was about.
  await expect(lane(phone, 'Concerns').getByText(/the rest was left out/)).toHaveCount(0)
  const placed = kept.trimEnd()
  for (const screen of [phone, laptop]) {
    const long = card(screen, placed)
    await expect(long).toBeVisible()
    await expect(long).toContainText('Alex')
    expect((await long.textContent())?.includes(pasted.slice(0, CARD_LIMIT + 1))).toBe(false)
  }
  expect(await scrollsSideways(phone)).toBe(false)
  for (const laneTitle of ['Feelings', 'Agreements', 'Concerns'] as const) {
    await showLane(phone, laneTitle)
    expect(await scrollsSideways(phone)).toBe(false)
  }
})

test('a card whose author has left still shows their name, also to someone who arrives later', async ({ page: alex, openDevice }) => {
  // Three browsers and a reload: more time on a small, busy machine.
  test.slow()
  const link = await createBoardAndJoin(alex, 'Alex')
  const blair = await openDevice(PHONE)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  const text = 'I want to believe you, and I am scared to'
  await addCard(blair, 'Feelings', text)
  await expect(card(alex, text)).toContainText('Blair')

  await blair.context().close()
  await openPeople(alex)
  await expect(hereNow(alex).getByRole('listitem').filter({ hasText: 'Blair' })).toHaveCount(0, { timeout: 10_000 })
  await expect(away(alex)).toContainText('Blair')
  await expect(card(alex, text)).toContainText('Blair')

  // Someone who opens the board after Blair left reads the name from the board itself.
  const casey = await openDevice(PHONE)
  await casey.goto(link)
  await joinAs(casey, 'Casey', 'Facilitator')
  await expect(card(casey, text)).toContainText('Blair')
  await openPeople(casey)
  await expect(away(casey)).toContainText('Blair')
  await expect(card(casey, text)).not.toContainText('Someone')

  // And so does Alex after reloading.
  await alex.reload()
  await expect(card(alex, text)).toContainText('Blair')
})

test('an edit cannot empty a card, and the edited text reaches the other screen', async ({ page: laptop, openDevice }) => {
  const phone = await openDevice(PHONE)
  const link = await createBoardAndJoin(phone, 'Alex')
  await laptop.goto(link)
  await joinAs(laptop, 'Blair')

  const text = 'Tired of explaining myself'
  await addCard(phone, 'Feelings', text)
  await expect(card(laptop, text)).toBeVisible()
  // Only the author edits a feeling.
  await expect(card(laptop, text).getByRole('button', { name: 'Edit' })).toHaveCount(0)

  await card(phone, text).getByRole('button', { name: 'Edit' }).click()
  const editor = lane(phone, 'Feelings').getByRole('textbox', { name: 'Edit card' })
  await expect(editor).toHaveValue(text)
  await editor.fill('   ')
  await lane(phone, 'Feelings').getByRole('button', { name: 'Save' }).click()
  // Refused, with a reason, and the card is untouched everywhere.
  await expect(editor).toBeVisible()
  await expect(editor).toHaveAttribute('aria-invalid', 'true')
  await expect(editor).toHaveAccessibleDescription(/needs some words/)
  await expect(card(laptop, text)).toBeVisible()

  const edited = 'Tired of explaining myself, and glad you asked'
  await editor.fill(edited)
  await lane(phone, 'Feelings').getByRole('button', { name: 'Save' }).click()
  await expect(editor).toHaveCount(0)
  for (const screen of [phone, laptop]) {
    await expect(card(screen, edited)).toContainText('edited')
    await expect(card(screen, text)).toHaveCount(0)
  }
})

test('10,000 characters pasted into a card being edited are cut to what a card holds, and a note says so', async ({ openDevice }) => {
  const phone = await openDevice(PHONE)
  await phone.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await createBoardAndJoin(phone, 'Alex')
  await addCard(phone, 'Feelings', 'Short for now')
  await card(phone, 'Short for now').getByRole('button', { name: 'Edit' }).click()
  const editor = lane(phone, 'Feelings').getByRole('textbox', { name: 'Edit card' })

  const sentence = 'It keeps coming back to me at night, and I do not know what to do with it. '
  const pasted = sentence.repeat(Math.ceil(10_000 / sentence.length)).slice(0, 10_000)
  await phone.evaluate((text) => navigator.clipboard.writeText(text), pasted)
  await editor.focus()
  await phone.keyboard.press('ControlOrMeta+a')
  await phone.keyboard.press('ControlOrMeta+v')
  await expect(editor).toHaveValue(pasted.slice(0, CARD_LIMIT))
  expect(await scrollsSideways(phone)).toBe(false)
  // As when adding a card: the cut is said, not silent.
  await expect(editor).toHaveAccessibleDescription(/up to 2000 characters/)
  await expect(lane(phone, 'Feelings').getByText(/up to 2000 characters/)).toBeVisible()
})
