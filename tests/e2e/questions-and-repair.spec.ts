/**
 * The hurt partner's questions and repair phrases, on two phones: a
 * question answered by the partner and marked by its asker, and every one
 * not marked answered carried into the next talk on both screens; a repair
 * phrase welcomed by one partner, sent by the other in a talk, shown on both
 * screens naming who sent it and kept in the talk's summary.
 */
import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, card, createBoardAndJoin, joinAs, openMenu, PHONE, showLane } from '../kit/browser/pages.ts'
import { expect, test, type OpenDevice } from '../kit/browser/fixtures.ts'

// CSP bypassed for axe's script only (tests/kit/browser/axe.ts).
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 }, bypassCSP: true }
const LAPTOP = { width: 1280, height: 800 }

// Two phones, a talk ended and another started, and axe eight times over: more than the default minute on a busy machine.
test.describe.configure({ timeout: 240_000 })

async function mayaAndSam(openDevice: OpenDevice): Promise<{ maya: Page; sam: Page }> {
  const maya = await openDevice(PHONE_390)
  const link = await createBoardAndJoin(maya, 'Maya')
  await maya.getByRole('region', { name: 'Invite your partner' }).getByRole('button', { name: 'Done' }).click()
  const sam = await openDevice(PHONE_390)
  await sam.goto(link)
  await joinAs(sam, 'Sam')
  return { maya, sam }
}

/** axe on what is on screen now (or within `selector`), light and dark, at phone and laptop width. */
async function noSeriousViolations(screen: Page, selector?: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await screen.emulateMedia({ colorScheme })
    expect(await seriousViolations(screen, selector), `${colorScheme}, phone`).toEqual([])
    await screen.setViewportSize(LAPTOP)
    expect(await seriousViolations(screen, selector), `${colorScheme}, laptop`).toEqual([])
    await screen.setViewportSize(PHONE_390.viewport)
  }
  await screen.emulateMedia({ colorScheme: 'light' })
}

async function answer(screen: Page, question: string, text: string) {
  await card(screen, question).getByRole('button', { name: 'Answer', exact: true }).click()
  await card(screen, question).getByRole('textbox', { name: 'Your answer' }).fill(text)
  await card(screen, question).getByRole('button', { name: 'Save answer' }).click()
}

async function markAs(screen: Page, question: string, mark: 'Answered' | 'Not yet') {
  const button = card(screen, question).getByRole('group', { name: 'Your mark on this question' }).getByRole('button', { name: mark })
  await button.click()
  await expect(button).toHaveAttribute('aria-pressed', 'true')
}

async function endAndStartTheNextTalk(screen: Page) {
  await openMenu(screen)
  await screen.getByRole('button', { name: 'End the talk' }).click()
  await screen.getByRole('button', { name: 'End the talk' }).click()
  await screen.getByRole('button', { name: 'Start a talk' }).click()
  await expect(screen.getByText(/^Talk 2, started/)).toBeVisible()
  await screen.keyboard.press('Escape')
}

test('questions are answered by the partner and marked by the asker; the ones not marked answered are carried into the next talk on both screens', async ({
  openDevice,
}) => {
  const { maya, sam } = await mayaAndSam(openDevice)
  const friday = 'Where were you on Friday night?'
  const distant = 'Will you tell me when you feel distant?'
  const letter = 'Did you read my letter?'
  for (const question of [friday, distant, letter]) await addCard(maya, 'Questions', question)
  await showLane(sam, 'Questions')

  // Sam answers; the asker cannot answer her own question, only mark it.
  await answer(sam, friday, 'With my brother. I should have told you.')
  await expect(card(maya, friday)).toContainText('Sam answered')
  await expect(card(maya, friday)).toContainText('With my brother. I should have told you.')
  await expect(card(maya, friday).getByRole('button', { name: 'Answer', exact: true })).toHaveCount(0)
  await expect(card(sam, friday).getByRole('group', { name: 'Your mark on this question' })).toHaveCount(0)
  await markAs(maya, friday, 'Not yet')
  await expect(card(sam, friday)).toContainText('Maya: not yet answered')

  // Sam revises the answer; the earlier one stays readable.
  await card(sam, friday).getByRole('button', { name: 'Revise the answer' }).click()
  await card(sam, friday).getByRole('textbox', { name: 'Your answer' }).fill('With my brother, until two. I should have told you.')
  await card(sam, friday).getByRole('button', { name: 'Save answer' }).click()
  await expect(card(maya, friday)).toContainText('until two')
  await card(maya, friday).getByText('Earlier answers').click()
  await expect(card(maya, friday).getByRole('listitem')).toContainText('With my brother. I should have told you.')

  // One answered and marked so; one left unanswered.
  await answer(sam, letter, 'Yes, twice.')
  await markAs(maya, letter, 'Answered')
  await expect(card(sam, letter)).toContainText('Maya: answered')
  await expect(card(sam, distant)).toContainText('Not yet answered')
  // The question card's answer, mark and controls, on the asker's screen and the answerer's.
  await noSeriousViolations(maya, '[data-question-status]')
  await noSeriousViolations(sam, '[data-question-status]')

  await endAndStartTheNextTalk(maya)
  for (const screen of [maya, sam]) {
    await showLane(screen, 'Questions')
    await expect(card(screen, friday)).toContainText('Carried from talk 1: not yet answered')
    await expect(card(screen, distant)).toContainText('Carried from talk 1: not yet answered')
    await expect(card(screen, friday)).toContainText('carried forward to Talk 2 by Maya')
    await expect(card(screen, letter)).not.toContainText('Carried from talk 1')
    await expect(card(screen, letter)).not.toContainText('carried forward')
  }

  // The asker may change her mark: answered now, and said so on the other screen.
  await markAs(maya, friday, 'Answered')
  await expect(card(sam, friday)).toContainText('Maya: answered')
  await expect(card(sam, friday)).not.toContainText('Carried from talk 1: not yet answered')

  // Talk 1's summary lists each question with its answer or that it is not yet answered.
  await openMenu(sam)
  if (!(await sam.getByRole('list', { name: 'Talks' }).isVisible())) await sam.getByText('Timeline', { exact: true }).click()
  await sam.getByRole('list', { name: 'Talks' }).getByRole('button', { name: 'Open talk 1' }).click()
  const questions = sam.getByRole('dialog', { name: 'Talk 1' }).getByRole('region', { name: 'Questions asked in talk 1' })
  await expect(questions.getByRole('listitem').filter({ hasText: distant })).toContainText('Not yet answered.')
  await expect(questions.getByRole('listitem').filter({ hasText: letter })).toContainText('Answer by Sam')
  await expect(questions.getByRole('listitem').filter({ hasText: letter })).toContainText('Maya: answered.')
})

test('a repair phrase the partner welcomes is offered first, sent in a talk with a tap, shown on both screens naming who sent it, and kept in the summary', async ({
  openDevice,
}) => {
  const { maya, sam } = await mayaAndSam(openDevice)

  // Sam marks the phrases he would welcome hearing.
  await openMenu(sam)
  await sam.getByRole('button', { name: 'Repair phrases' }).click()
  const sheet = sam.getByRole('dialog', { name: 'Repair phrases' })
  await sheet.getByRole('checkbox', { name: 'Can we start over?' }).check()
  await sheet.getByRole('checkbox', { name: 'I need a moment' }).check()
  await noSeriousViolations(sam, 'dialog')
  await sheet.getByRole('button', { name: 'Close' }).click()

  // Maya sees what Sam welcomes, and those come first when she reaches for one.
  await openMenu(maya)
  await maya.getByRole('button', { name: 'Repair phrases' }).click()
  await expect(maya.getByRole('dialog', { name: 'Repair phrases' })).toContainText(
    'Sam welcomes “Can we start over?” and “I need a moment”.',
  )
  await maya.getByRole('dialog', { name: 'Repair phrases' }).getByRole('button', { name: 'Close' }).click()
  await maya.getByRole('button', { name: 'Repair', exact: true }).click()
  const welcome = maya.getByRole('region', { name: 'Welcome to Sam' })
  await expect(welcome.getByRole('button')).toHaveText(['Can we start over?', 'I need a moment'])
  await expect(maya.getByText('More phrases')).toBeVisible()
  await noSeriousViolations(maya, '[data-repair-panel]')
  await welcome.getByRole('button', { name: 'Can we start over?' }).click()

  await expect(sam.getByText('Maya: Can we start over?')).toBeVisible()
  await expect(maya.getByText('You: Can we start over?')).toBeVisible()
  await noSeriousViolations(sam, '[data-repair]')
  // Each screen puts it away on its own.
  await sam.getByRole('button', { name: 'Dismiss' }).click()
  await expect(sam.getByText('Maya: Can we start over?')).toHaveCount(0)
  await expect(maya.getByText('You: Can we start over?')).toBeVisible()
  // Put away stays put away when the page reloads.
  await sam.reload()
  await expect(sam.getByRole('button', { name: 'Repair', exact: true })).toBeVisible()
  await expect(sam.getByText('Maya: Can we start over?')).toHaveCount(0)

  await openMenu(sam)
  if (!(await sam.getByRole('list', { name: 'Talks' }).isVisible())) await sam.getByText('Timeline', { exact: true }).click()
  await sam.getByRole('list', { name: 'Talks' }).getByRole('button', { name: 'Open talk 1' }).click()
  await expect(sam.getByRole('dialog', { name: 'Talk 1' }).getByRole('region', { name: 'Repair phrases in talk 1' })).toContainText(
    'Maya: Can we start over?',
  )
})
