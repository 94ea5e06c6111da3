import { addCard, alexAndBlairOnAPhone, away, card, hereNow, lane, openPeople } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('typing shows on the other screen, and someone who closes the board leaves "Here now" within seconds while their cards keep their name', async ({
  page: alex,
  openDevice,
}) => {
  const { blair } = await alexAndBlairOnAPhone(alex, openDevice)

  await openPeople(alex)
  await openPeople(blair)
  const blairOnAlexsScreen = hereNow(alex).getByRole('listitem').filter({ hasText: 'Blair' })
  await expect(blairOnAlexsScreen).toContainText('here now')
  await expect(hereNow(blair).getByRole('listitem').filter({ hasText: 'Alex' })).toContainText('here now')

  // Blair starts writing a feeling: Alex sees it under the lane and in the list of people.
  const input = lane(blair, 'Feelings').getByRole('textbox', { name: 'Add a feeling', exact: true })
  await input.pressSequentially('I am trying to')
  await expect(lane(alex, 'Feelings')).toContainText(/Blair\s*is typing…/)
  await openPeople(alex)
  await expect(blairOnAlexsScreen).toContainText('typing in Feelings…')
  // Never about this device itself, and never in another lane.
  await expect(lane(blair, 'Feelings')).not.toContainText('is typing…')
  await expect(lane(alex, 'Needs')).not.toContainText('is typing…')

  // Placing the card ends the typing note.
  await input.pressSequentially(' say it calmly')
  await input.press('Enter')
  const text = 'I am trying to say it calmly'
  await expect(card(alex, text)).toBeVisible()
  await expect(lane(alex, 'Feelings')).not.toContainText('is typing…')
  await expect(blairOnAlexsScreen).toContainText('here now')

  // Alex starts typing too: Blair's phone shows it.
  await addCard(alex, 'Needs', 'Time to think before I answer')
  await lane(alex, 'Feelings').getByRole('textbox', { name: 'Add a feeling', exact: true }).pressSequentially('Relieved')
  await expect(lane(blair, 'Feelings')).toContainText(/Alex\s*is typing…/)

  // Blair starts another card, then closes the board mid-sentence: gone from "Here now" within a few seconds,
  // listed as away, no longer typing; the card still says who wrote it.
  await input.pressSequentially('And')
  await expect(lane(alex, 'Feelings')).toContainText(/Blair\s*is typing…/)
  await blair.close()
  await openPeople(alex)
  await expect(hereNow(alex).getByRole('listitem').filter({ hasText: 'Blair' })).toHaveCount(0, { timeout: 10_000 })
  await expect(lane(alex, 'Feelings')).not.toContainText(/Blair\s*is typing…/)
  await expect(away(alex)).toContainText('Blair')
  await expect(hereNow(alex).getByRole('listitem').filter({ hasText: 'Alex' })).toBeVisible()
  await expect(card(alex, text)).toContainText('Blair')
})
