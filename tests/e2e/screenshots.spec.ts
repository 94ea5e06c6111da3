import { mkdir } from 'node:fs/promises'
import { addCard, boardStatus, createBoardAndJoin, joinAs, scrollsSideways, showLane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/**
 * Pictures of a lived-in board on a laptop and a phone, for judging the
 * design by eye. They go to test-results/ on every run, and to
 * docs/screenshots/ when UPDATE_SCREENSHOTS=1 (so ordinary runs leave the
 * repository untouched).
 */
const intoDocs = process.env.UPDATE_SCREENSHOTS === '1'

test('a board with cards, on a laptop and on a phone', async ({ page, openDevice }, testInfo) => {
  const pathFor = (name: string) => (intoDocs ? `docs/screenshots/${name}` : testInfo.outputPath(name))
  if (intoDocs) await mkdir('docs/screenshots', { recursive: true })

  await page.setViewportSize({ width: 1280, height: 800 })
  const link = await createBoardAndJoin(page, 'Alex')
  const phone = await openDevice({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
  await phone.goto(link)
  await joinAs(phone, 'Blair')
  const facilitator = await openDevice()
  await facilitator.goto(link)
  await joinAs(facilitator, 'Dr. Rivera', 'Facilitator')

  await addCard(page, 'Feelings', 'Hurt when I found out, and still a bit shaky')
  await addCard(phone, 'Feelings', 'Ashamed, and afraid you will not believe me')
  await addCard(page, 'Needs', 'Honesty, even when it is uncomfortable')
  await addCard(phone, 'Needs', 'To know you are willing to try')
  await addCard(facilitator, 'Agreements', 'Pause when either of us feels flooded; return within an hour')
  await addCard(page, 'Agreements', 'A message when plans change')
  await addCard(phone, 'Questions', 'What helps you feel safe when I am late?')
  await addCard(page, 'Appreciations & wins', 'You told me before I had to ask. Thank you.')
  await addCard(facilitator, 'Concerns', 'Old arguments coming back at holidays')
  await expect(page.getByRole('article', { name: 'To know you are willing to try' })).toBeVisible()

  // The listening loop and an agreement both partners accepted, as a lived-in board has them.
  const hurt = page.getByRole('article', { name: 'Hurt when I found out, and still a bit shaky' })
  await showLane(phone, 'Feelings')
  await phone.getByRole('article', { name: 'Hurt when I found out, and still a bit shaky' }).getByRole('button', { name: 'Reflect' }).tap()
  await phone.getByRole('textbox', { name: 'What I hear you saying is…' }).fill('it still shakes you, even now')
  await phone.getByRole('button', { name: 'Share reflection' }).tap()
  await hurt.getByRole('button', { name: 'Heard' }).click()
  // Proposing is accepting: only the other partner presses Accept.
  const plans = page.getByRole('article', { name: 'A message when plans change' })
  await showLane(phone, 'Agreements')
  await phone.getByRole('article', { name: 'A message when plans change' }).getByRole('button', { name: 'Accept' }).tap()
  await expect(plans).toContainText('Agreed')
  // The phone shows one lane at a time.
  await showLane(phone, 'Agreements')
  await expect(phone.getByRole('article', { name: 'A message when plans change' })).toBeVisible()
  await expect(boardStatus(page)).toHaveText('Saved')
  await expect(boardStatus(phone)).toHaveText('Saved')

  expect(await scrollsSideways(page)).toBe(false)
  expect(await scrollsSideways(phone)).toBe(false)
  // From the top, as someone arriving sees it, not wherever the last card left the scroll.
  await page.evaluate(() => window.scrollTo(0, 0))
  await showLane(phone, 'Feelings')
  await phone.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: pathFor('board-laptop.png') })
  await phone.screenshot({ path: pathFor('board-phone.png') })

  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(phone.getByRole('timer')).toBeVisible()
  await phone.screenshot({ path: pathFor('pause-phone.png') })
})
