import { deriveBoardKeys, fromBase64Url, toBase64Url } from '../../shared/crypto.ts'
import { addCard, createBoardAndJoin, lane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('a deleted board says so calmly, in place of the board, on an open screen and after a reload', async ({ page, server }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  await addCard(page, 'Feelings', 'Ready to let this one go')

  // Deleting needs the access token, which only holders of the link can derive.
  const { pathname, hash } = new URL(link)
  const boardId = pathname.split('/').pop()!
  const { accessToken } = await deriveBoardKeys(boardId, fromBase64Url(hash.slice(1)))
  const deleted = await fetch(`${server.url}/api/boards/${boardId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${toBase64Url(accessToken)}` },
  })
  expect(deleted.status).toBe(204)

  for (const when of ['while open', 'after a reload']) {
    if (when === 'after a reload') await page.reload()
    await expect(page.getByRole('alert'), when).toContainText(/deleted|could not be found/)
    await expect(page.getByRole('textbox', { name: 'Invite link' }), when).toHaveCount(0)
    await expect(lane(page, 'Feelings'), when).toHaveCount(0)
    await expect(page.getByRole('link', { name: 'Go to the start page' }), when).toBeVisible()
  }
})
