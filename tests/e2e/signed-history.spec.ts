import { seriousViolations } from '../kit/browser/axe.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { addCard, createBoardAndJoin, joinAs, openMenu, PHONE } from '../kit/browser/pages.ts'

// axe runs in the page, past its CSP.
test.use({ bypassCSP: true })

test('a version of the board’s history opened on a phone says whose device kept it, and when', async ({ page, openDevice }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  const alex = page
  const blair = await openDevice({ ...PHONE, bypassCSP: true })
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await addCard(alex, 'Feelings', 'I felt heard today')

  // Alex's device keeps a version as a new talk starts.
  await openMenu(alex)
  await alex.getByRole('button', { name: 'End the talk' }).click()
  await alex.getByRole('button', { name: 'End the talk' }).click()
  await alex.getByRole('button', { name: 'Start a talk' }).click()
  await alex.keyboard.press('Escape')

  await openMenu(blair)
  await blair.getByRole('button', { name: 'Board history' }).click()
  const sheet = blair.getByRole('dialog', { name: 'Board history' })
  const versions = sheet.getByRole('list', { name: 'Earlier versions' })
  await expect(versions.getByRole('listitem').first()).toContainText('Kept by Alex’s device')
  await versions.getByRole('button', { name: /^View/ }).first().click()
  await expect(sheet.getByRole('region', { name: 'Feelings in this version' })).toContainText('I felt heard today')
  await expect(sheet.getByText(/^Kept by Alex’s device on /)).toBeVisible()
  await expect(sheet.getByText('This version could not be verified')).toHaveCount(0)
  expect(await seriousViolations(blair, 'dialog')).toEqual([])
})
