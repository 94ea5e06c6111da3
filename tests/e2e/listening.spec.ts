import type { Locator } from '@playwright/test'
import { addCard, alexAndBlairOnAPhone, card } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/** The reflections under a card, oldest first. */
function reflections(placed: Locator): Locator {
  return placed.getByRole('list', { name: 'Reflections' }).getByRole('listitem')
}

test('the listening loop goes round across two people: reflect, not quite (with a word), reflect again, heard', async ({
  page: laptop,
  openDevice,
}) => {
  const { blair: phone } = await alexAndBlairOnAPhone(laptop, openDevice)

  const text = 'I felt invisible at the party'
  await addCard(laptop, 'Feelings', text)
  const onLaptop = card(laptop, text)
  const onPhone = card(phone, text)
  await expect(onPhone).toBeVisible()
  // One's own card is not one's to reflect.
  await expect(onLaptop.getByRole('button', { name: 'Reflect' })).toHaveCount(0)

  // Blair reflects what they heard.
  await onPhone.getByRole('button', { name: 'Reflect' }).click()
  const firstReflection = 'You felt I ignored you all evening'
  const share = onPhone.getByRole('button', { name: 'Share reflection' })
  await expect(share).toBeDisabled()
  await onPhone.getByRole('textbox', { name: 'What I hear you saying is…' }).fill(firstReflection)
  await share.click()
  await expect(onPhone.getByRole('textbox', { name: 'What I hear you saying is…' })).toHaveCount(0)
  for (const placed of [onLaptop, onPhone]) {
    await expect(reflections(placed)).toHaveCount(1)
    await expect(reflections(placed).nth(0)).toContainText('Blair')
    await expect(reflections(placed).nth(0)).toContainText(firstReflection)
  }
  await expect(reflections(onPhone).nth(0)).toContainText('Waiting for Alex to answer.')
  // Only the author answers.
  await expect(onPhone.getByRole('button', { name: 'Heard', exact: true })).toHaveCount(0)

  // Alex answers: not quite, with a word.
  const note = 'More that I was left alone with people I did not know'
  await onLaptop.getByRole('textbox', { name: 'A word with your answer (optional)' }).fill(note)
  await onLaptop.getByRole('button', { name: 'Not quite', exact: true }).click()
  for (const placed of [onLaptop, onPhone]) {
    await expect(reflections(placed).nth(0)).toContainText('Not quite')
    await expect(reflections(placed).nth(0)).toContainText(note)
    await expect(reflections(placed).nth(0)).not.toContainText('Waiting for')
  }
  await expect(onLaptop.getByRole('button', { name: 'Not quite', exact: true })).toHaveCount(0)

  // The loop goes round again: Blair reflects once more, and this time Alex feels heard.
  await onPhone.getByRole('button', { name: 'Reflect' }).click()
  const secondReflection = 'You felt left alone among strangers, and that I did not notice'
  await onPhone.getByRole('textbox', { name: 'What I hear you saying is…' }).fill(secondReflection)
  await onPhone.getByRole('button', { name: 'Share reflection' }).click()
  await expect(reflections(onLaptop)).toHaveCount(2)
  await expect(reflections(onLaptop).nth(1)).toContainText(secondReflection)
  await onLaptop.getByRole('button', { name: 'Heard', exact: true }).click()

  for (const placed of [onLaptop, onPhone]) {
    await expect(reflections(placed)).toHaveCount(2)
    await expect(reflections(placed).nth(0)).toContainText('Not quite')
    await expect(reflections(placed).nth(0)).toContainText(note)
    await expect(reflections(placed).nth(1)).toContainText(secondReflection)
    await expect(reflections(placed).nth(1)).toContainText('Heard')
    await expect(reflections(placed).nth(1)).not.toContainText('Not quite')
  }
  await expect(onLaptop.getByRole('textbox', { name: 'A word with your answer (optional)' })).toHaveCount(0)
})
