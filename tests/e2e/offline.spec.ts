import { LONGEST_RECONNECT_WAIT_MS } from '../kit/browser/boardSocket.ts'
import { addCard, boardStatus, card, createBoardAndJoin, joinAs, lane, OFFLINE_LABEL } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('a reload with the server down opens the board from this device, and a card written offline reaches the other device later', async ({
  page,
  server,
  openDevice,
}) => {
  // Both devices' clocks are the test's: the wait before a reconnect is skipped rather than waited out.
  await page.clock.install()
  const link = await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Feelings', 'Relieved we are talking')
  await addCard(page, 'Agreements', 'No phones at dinner')
  await expect(boardStatus(page)).toHaveText('Saved')

  const blair = await openDevice()
  await blair.clock.install()
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await expect(card(blair, 'No phones at dinner')).toBeVisible()

  // The service worker must hold the app shell before the server goes away.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)

  await server.stop()
  await expect(boardStatus(page)).toHaveText(OFFLINE_LABEL)

  await page.reload()
  await expect(lane(page, 'Feelings').getByRole('article', { name: 'Relieved we are talking' })).toBeVisible()
  await expect(lane(page, 'Agreements').getByRole('article', { name: 'No phones at dinner' })).toBeVisible()
  await expect(boardStatus(page)).toHaveText(OFFLINE_LABEL)
  // Still the same person after the reload: no join step, the name is remembered.
  await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveCount(0)

  await addCard(page, 'Needs', 'Written while the server was away')
  await expect(card(page, 'Written while the server was away')).toContainText('Alex')

  await server.restart()
  for (const screen of [page, blair]) await screen.clock.fastForward(LONGEST_RECONNECT_WAIT_MS)
  await expect(card(blair, 'Written while the server was away')).toBeVisible()
  await expect(card(blair, 'Written while the server was away')).toContainText('Alex')
  await expect(boardStatus(page)).toHaveText('Saved')
})
