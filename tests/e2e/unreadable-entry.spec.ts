import { boardFromLink, seal, type ServerAddress } from '../kit/boards.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { addCard, boardStatus, card, createBoardAndJoin, joinAs } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/**
 * Someone holding the link (a buggy or hostile client) pushes an entry that
 * decrypts but is no board change at all. Every screen skips it, says so
 * calmly, and keeps working: it is never a reason to stop syncing.
 */
async function pushGarbageEntry(server: Pick<ServerAddress, 'wsUrl'>, link: string): Promise<void> {
  const board = await boardFromLink(link)
  const { client } = await joinBoard(server, board)
  try {
    await client.pushUpdate(1, await seal(board, crypto.getRandomValues(new Uint8Array(120))))
  } finally {
    client.close()
  }
}

test('an entry nobody can read is skipped with a calm note; the board keeps syncing on every screen', async ({
  page,
  server,
  openDevice,
}) => {
  const link = await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Feelings', 'Hopeful about Sunday')
  await expect(boardStatus(page)).toHaveText('Saved')

  await pushGarbageEntry(server, link)
  const note = 'One change on this board could not be read on this device and is not shown. Everything else is up to date.'
  await expect(page.getByRole('note')).toHaveText(note)

  // A device opening the board afterwards meets it in the replay.
  const blair = await openDevice()
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await expect(card(blair, 'Hopeful about Sunday')).toBeVisible()
  await expect(blair.getByRole('note')).toHaveText(note)

  await addCard(blair, 'Needs', 'Time to talk after dinner')
  await expect(card(page, 'Time to talk after dinner')).toBeVisible()
  await expect(boardStatus(page)).toHaveText('Saved')
  await expect(boardStatus(blair)).toHaveText('Saved')
})
