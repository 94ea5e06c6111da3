import { addCard, alexAndBlairOnAPhone, card, lane, showLane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('undo takes back only this device’s own last change, even when someone else changed the board since', async ({
  page: alex,
  openDevice,
}) => {
  const { blair } = await alexAndBlairOnAPhone(alex, openDevice)
  const alexUndo = alex.getByRole('button', { name: 'Undo' })
  await expect(alexUndo).toBeDisabled()

  // Ctrl+Z inside a text box undoes typing there, never a card on the board.
  await addCard(alex, 'Needs', 'To be asked first')
  const needInput = lane(alex, 'Needs').getByRole('textbox', { name: 'Add a need', exact: true })
  await needInput.pressSequentially('Some')
  await needInput.press('Control+z')
  await expect(needInput).not.toHaveValue('Some')
  await expect(card(alex, 'To be asked first')).toBeVisible()
  await expect(alexUndo).toBeEnabled()
  await needInput.fill('')
  await alexUndo.click()
  await expect(card(alex, 'To be asked first')).toHaveCount(0)

  const mine = 'I felt brushed off when I asked'
  const theirs = 'I felt cornered by the question'
  await addCard(alex, 'Feelings', mine)
  await expect(card(blair, mine)).toBeVisible()
  await addCard(blair, 'Feelings', theirs)
  await expect(card(alex, theirs)).toBeVisible()

  // Alex's last change is the card Alex placed, though Blair's came after it.
  await alexUndo.click()
  for (const screen of [alex, blair]) {
    await expect(card(screen, mine)).toHaveCount(0)
    await expect(card(screen, theirs)).toBeVisible()
    await expect(lane(screen, 'Feelings').getByRole('article')).toHaveCount(1)
  }
  await expect(alexUndo).toBeDisabled()

  // Ctrl+Z outside a text field does the same: it takes back Alex's newest card, not Blair's newer one.
  const second = 'A walk together on Saturday'
  await addCard(alex, 'Agreements', second)
  await showLane(blair, 'Agreements')
  await expect(card(blair, second)).toBeVisible()
  await addCard(blair, 'Concerns', 'I worry that we only talk when it is bad')
  await expect(card(alex, 'I worry that we only talk when it is bad')).toBeVisible()
  // Focus leaves the text box (Ctrl+Z inside one undoes typing there, not the board).
  await lane(alex, 'Agreements').getByRole('heading', { name: 'Agreements' }).click()
  await alex.keyboard.press('Control+z')
  // The phone shows one lane at a time: look at the lane the card was in, so its absence means something.
  await showLane(blair, 'Agreements')
  for (const screen of [alex, blair]) {
    await expect(lane(screen, 'Agreements').getByRole('heading', { name: 'Agreements' })).toBeVisible()
    await expect(card(screen, second)).toHaveCount(0)
  }
  await expect(card(alex, 'I worry that we only talk when it is bad')).toBeVisible()
  await expect(card(alex, theirs)).toBeVisible()
  await showLane(blair, 'Feelings')
  await expect(card(blair, theirs)).toBeVisible()
})
