import { alexAndBlairOnAPhone, boardStatus, lane, OFFLINE_LABEL, showLane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/**
 * DESIGN.md "The wire": a change larger than one frame reaches the server as
 * a snapshot in parts, so a phone that wrote a lot while the server was
 * unreachable delivers all of it when it comes back — never a final close.
 */
test('a device writes 1.5 MB of cards while the server is down; when it is back the partner sees every card and the writer shows Saved', async ({
  page,
  server,
  openDevice,
}) => {
  // Typing 250 long cards takes a minute or two, longer on a busy machine.
  test.setTimeout(360_000)
  const { alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  await expect(boardStatus(alex)).toHaveText('Saved')

  await server.stop()
  await expect(boardStatus(alex)).toHaveText(OFFLINE_LABEL)

  // Chinese is three bytes a character: a long letter, in many cards, as someone might write in a night.
  const sentence = '你没有告别就离开的时候，我觉得很孤单，我需要你听到这一点，也需要我们一起找到更好的方式。'
  const input = lane(alex, 'Feelings').getByRole('textbox', { name: 'Add a feeling' })
  let bytes = 0
  let cards = 0
  while (bytes < 1.5e6) {
    const text = `${cards + 1}. ${sentence.repeat(50)}`.slice(0, 2000)
    await input.fill(text)
    await input.press('Enter')
    await expect(input).toHaveValue('')
    bytes += Buffer.byteLength(text)
    cards++
  }
  await expect(lane(alex, 'Feelings').getByRole('article')).toHaveCount(cards)
  await expect(boardStatus(alex)).toHaveText(OFFLINE_LABEL)

  await server.restart()
  await showLane(blair, 'Feelings')
  // Generous bounds: the catch-up takes 6–8 s on this 2-core machine with a core busy, and what is
  // shown here is that everything arrives (never a final close), not how fast.
  await expect(lane(blair, 'Feelings').getByRole('article')).toHaveCount(cards, { timeout: 60_000 })
  await expect(boardStatus(alex)).toHaveText('Saved', { timeout: 60_000 })
  await expect(boardStatus(blair)).toHaveText('Saved')
})
