import type { Page } from '@playwright/test'
import { addCard, createBoardAndJoin, joinAs, lane, PHONE } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

const facilitation = (page: Page) => page.getByRole('region', { name: 'Facilitation' })

/** The floor's time on two screens, read in the same moment: m:ss as seconds. */
async function floorSeconds(...screens: Page[]): Promise<number[]> {
  const texts = await Promise.all(screens.map((screen) => screen.getByRole('timer', { name: 'Floor time' }).textContent()))
  return texts.map((text) => {
    const [minutes, seconds] = text!.trim().split(':').map(Number)
    return minutes! * 60 + seconds!
  })
}

test('a facilitator moves through phases on every screen; the floor passes between partners with one time on both screens, and a pause stops it', async ({
  page: rivera,
  openDevice,
  server,
}) => {
  // Three devices, a pause and the room opened to the partners: more time on a small, busy machine.
  test.slow()
  const link = await createBoardAndJoin(rivera, 'Dr. Rivera', 'Facilitator')
  const alex = await openDevice()
  await alex.goto(link)
  await joinAs(alex, 'Alex')
  const blair = await openDevice(PHONE)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  // Partners see no facilitation until someone guides the talk.
  await expect(facilitation(blair)).toHaveCount(0)

  await facilitation(rivera).getByRole('button', { name: 'Guided talk' }).click()
  for (const screen of [rivera, alex, blair]) await expect(facilitation(screen)).toContainText('Phase 1 of 5: Check-in')
  await facilitation(rivera).getByRole('button', { name: 'Next phase' }).click()
  for (const screen of [rivera, alex, blair]) {
    await expect(facilitation(screen)).toContainText('Phase 2 of 5: Feelings')
    await expect(screen.getByRole('timer', { name: 'Talk time' })).toBeVisible()
  }
  // The facilitator lets the partners move it on: Alex goes to Needs, and the phone offers the Needs lane.
  await expect(facilitation(alex).getByRole('button', { name: 'Next phase' })).toHaveCount(0)
  await facilitation(rivera).getByRole('checkbox', { name: 'Let partners move phases' }).check()
  await facilitation(alex).getByRole('button', { name: 'Next phase' }).click()
  for (const screen of [rivera, alex, blair]) await expect(facilitation(screen)).toContainText('Phase 3 of 5: Needs')
  await blair.getByRole('navigation', { name: 'Lanes' }).getByRole('button', { name: 'Go to Needs' }).click()
  await expect(lane(blair, 'Needs')).toBeVisible()
  await addCard(blair, 'Needs', 'To be heard to the end')

  await facilitation(rivera).getByRole('button', { name: 'Give the floor to Alex' }).click()
  for (const screen of [alex, blair]) {
    await expect(facilitation(screen)).toContainText('Alex has the floor')
    await expect(facilitation(screen)).toContainText('Blair: reflect, then ask.')
  }
  const [onAlex, onBlair] = await floorSeconds(alex, blair)
  expect(onAlex! - onBlair!, 'the same floor time on both screens').toBeLessThanOrEqual(1)
  expect(onAlex!).toBeGreaterThan(100)

  // A pause stops the floor and the talk time; they go on from where they were once the talk resumes.
  await blair.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(alex.getByRole('timer', { name: 'Time left in the pause' })).toBeVisible()
  server.advanceClock(21 * 60_000)
  for (const screen of [alex, blair]) await screen.getByRole('button', { name: "I'm ready" }).click()
  await expect(alex.getByRole('timer', { name: 'Floor time' })).toBeVisible()
  const [afterPause] = await floorSeconds(alex)
  expect(afterPause!, 'the floor stood still for the 21 minutes of the pause').toBeGreaterThan(onAlex! - 15)

  await facilitation(alex).getByRole('button', { name: 'Pass the floor' }).click()
  for (const screen of [rivera, alex, blair]) await expect(facilitation(screen)).toContainText('Blair has the floor')
})

test("a talk's own phases: written one a line, shown on every screen, and changed while the talk goes on", async ({
  page: rivera,
  openDevice,
}) => {
  const link = await createBoardAndJoin(rivera, 'Dr. Rivera', 'Facilitator')
  const blair = await openDevice(PHONE)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await facilitation(rivera).getByRole('button', { name: 'Our own phases' }).click()
  await facilitation(rivera).getByRole('textbox', { name: 'Phases, one a line' }).fill('Arriving\nWhat we need\nThanks')
  await facilitation(rivera).getByRole('button', { name: 'Start these phases' }).click()
  await expect(facilitation(blair)).toContainText('Phase 1 of 3: Arriving')
  await facilitation(rivera).getByRole('button', { name: 'Next phase' }).click()
  await expect(facilitation(blair)).toContainText('Phase 2 of 3: What we need')
  await blair.getByRole('navigation', { name: 'Lanes' }).getByRole('button', { name: 'Go to Needs' }).click()
  await expect(lane(blair, 'Needs')).toBeVisible()

  // Editing the phases, like moving them, is the facilitator's until they open it to the partners.
  await expect(facilitation(blair).getByRole('button', { name: 'Edit phases' })).toHaveCount(0)
  await facilitation(rivera).getByRole('checkbox', { name: 'Let partners move phases' }).check()
  await facilitation(blair).getByRole('button', { name: 'Edit phases' }).click()
  await facilitation(blair).getByRole('textbox', { name: 'Phases, one a line' }).fill('Arriving\nWhat we need\nOne thing to try\nThanks')
  await facilitation(blair).getByRole('button', { name: 'Save phases' }).click()
  await expect(facilitation(rivera)).toContainText('Phase 2 of 4: What we need')
})
