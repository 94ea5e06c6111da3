import { addCard, card, createBoardAndJoin, joinAs } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

// A board that may store only a few dozen KiB, so a few long cards fill it.
test.use({ serverOptions: { maxBoardBytes: 48 * 1024 } })

const NO_ROOM_LABEL = 'No room on the server — changes are kept on this device'
const BOARD_FULL =
  'This board is full. Nothing you have saved is lost; new changes stay on this device. Move to a new link (Menu) keeps only the latest version and frees the space.'

test('a full board says so calmly and what to do, keeps new cards on this device, and loses nothing that was saved', async ({
  page,
  openDevice,
}) => {
  const link = await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Feelings', 'Saved before the board filled')
  await expect(page.getByRole('status', { name: 'Saved' })).toBeVisible()

  const notice = page.getByRole('status').filter({ hasText: 'This board is full.' })
  const settled = page.getByRole('status', { name: new RegExp(`^(Saved|${NO_ROOM_LABEL})$`) })
  for (let i = 1; i <= 40 && !(await notice.isVisible()); i++) {
    await addCard(page, 'Needs', `Long card ${i} `.padEnd(1900, '.'))
    await expect(settled).toBeVisible()
  }
  await expect(notice).toHaveText(BOARD_FULL)
  await expect(page.getByRole('status', { name: NO_ROOM_LABEL })).toBeVisible()

  // The board goes on working on this device.
  await addCard(page, 'Feelings', 'Written once it was full')
  await expect(card(page, 'Written once it was full')).toBeVisible()
  await expect(notice).toBeVisible()

  // Another device reads what the server saved; what waits on Alex's device is not there yet.
  const blair = await openDevice()
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await expect(card(blair, 'Saved before the board filled')).toBeVisible()
  await expect(card(blair, 'Long card 1 '.padEnd(1900, '.'))).toBeVisible()
  await expect(card(blair, 'Written once it was full')).toHaveCount(0)
})
