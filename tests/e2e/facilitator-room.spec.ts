import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, card, createBoardAndJoin, joinAs, lane, LANE_INPUTS, laneButton, PHONE, type LaneTitle } from '../kit/browser/pages.ts'
import { expect, test, type OpenDevice } from '../kit/browser/fixtures.ts'

// axe is put into the page, which the app's CSP would refuse.
test.use({ bypassCSP: true })

/** The phones the issue was found on. */
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 }, bypassCSP: true } as const

const facilitation = (page: Page) => page.getByRole('region', { name: 'Facilitation' })
const lanesBar = (page: Page) => page.getByRole('navigation', { name: 'Lanes' })

/** Dr. Rivera on a laptop, facilitating; Alex and Blair on two phones; the talk guided in phases from Check-in. */
async function theRoom(page: Page, openDevice: OpenDevice, beforeJoin?: (screen: Page) => Promise<void>) {
  // Three devices: more time on a small, busy machine.
  test.slow()
  await beforeJoin?.(page)
  const link = await createBoardAndJoin(page, 'Dr. Rivera', 'Facilitator')
  const phones: Page[] = []
  for (const name of ['Alex', 'Blair']) {
    const phone = await openDevice(PHONE_390)
    await beforeJoin?.(phone)
    await phone.goto(link)
    await joinAs(phone, name)
    phones.push(phone)
  }
  await facilitation(page).getByRole('button', { name: 'Guided talk' }).click()
  return { rivera: page, alex: phones[0]!, blair: phones[1]! }
}

/** Counts the tones a page starts (each soft tone is one oscillator), from before the app loads. */
async function countTones(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counter = window as unknown as { tones: number }
    counter.tones = 0
    const original = AudioContext.prototype.createOscillator
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      counter.tones += 1
      return original.call(this)
    }
  })
}
const tones = (page: Page) => page.evaluate(() => (window as unknown as { tones: number }).tones)

test('a partner typing on a phone while the facilitator presses Next phase keeps the lane, the focus, the text and the scroll; the phone is told, and goes when they choose', async ({
  page,
  openDevice,
}) => {
  const { rivera, alex, blair } = await theRoom(page, openDevice)
  await facilitation(rivera).getByRole('button', { name: 'Next phase' }).click()
  await expect(facilitation(blair)).toContainText('Phase 2 of 5: Feelings')
  // Enough cards that Blair's phone scrolls down to the box she writes in.
  for (const text of ['Tired after the week', 'Hopeful, a little', 'Nervous about tonight', 'Relieved we are talking']) {
    await addCard(alex, 'Feelings', text)
  }
  const input = lane(blair, 'Feelings').getByRole('textbox', { name: LANE_INPUTS.Feelings, exact: true })
  await expect(card(blair, 'Relieved we are talking')).toBeVisible()
  await input.scrollIntoViewIfNeeded()
  await input.click()
  await blair.keyboard.type('I felt left out when')
  const scrolledTo = await blair.evaluate(() => window.scrollY)
  expect(scrolledTo, 'the phone is scrolled down to the box').toBeGreaterThan(0)
  const where = (await input.boundingBox())!

  await facilitation(rivera).getByRole('button', { name: 'Next phase' }).click()
  await expect(facilitation(blair)).toContainText('Phase 3 of 5: Needs')
  // Told, not moved: a calm line names the phase and offers its lane.
  await expect(lanesBar(blair)).toContainText('Now: Needs')
  await expect(lanesBar(blair).getByRole('button', { name: 'Go to Needs' })).toBeVisible()
  await expect(input).toBeFocused()
  await expect(input).toHaveValue('I felt left out when')
  await expect(laneButton(blair, 'Feelings')).toHaveAttribute('aria-pressed', 'true')
  await expect(lane(blair, 'Needs')).toBeHidden()
  expect(await blair.evaluate(() => window.scrollY)).toBe(scrolledTo)
  expect((await input.boundingBox())!.y, 'the box did not move on the screen').toBeCloseTo(where.y, 0)

  // She finishes her sentence where she was, and it is placed whole.
  await blair.keyboard.type(' plans changed')
  await input.press('Enter')
  await expect(card(alex, 'I felt left out when plans changed')).toBeVisible()
  expect(await seriousViolations(blair, '#board'), 'the phone with the phase offered').toEqual([])

  // Then she goes, by her own choice, and the offer is done.
  await lanesBar(blair).getByRole('button', { name: 'Go to Needs' }).click()
  await expect(lane(blair, 'Needs')).toBeVisible()
  await expect(lane(blair, 'Needs').getByRole('heading', { name: 'Needs' })).toBeFocused()
  await expect(lanesBar(blair).getByRole('button', { name: 'Go to Needs' })).toHaveCount(0)
  await expect(lanesBar(blair)).toContainText('Now: Needs')
})

test("on the laptop the lanes keep their places after a phase change, the phase's lane is marked, and the tab order follows the screen", async ({
  page: rivera,
}) => {
  await createBoardAndJoin(rivera, 'Dr. Rivera', 'Facilitator')
  await facilitation(rivera).getByRole('button', { name: 'Guided talk' }).click()
  for (let step = 0; step < 2; step++) await facilitation(rivera).getByRole('button', { name: 'Next phase' }).click()
  await expect(facilitation(rivera)).toContainText('Phase 3 of 5: Needs')
  await expect(lane(rivera, 'Needs')).toContainText('Now')
  await expect(lane(rivera, 'Feelings')).not.toContainText('Now')

  const titles = Object.keys(LANE_INPUTS) as LaneTitle[]
  const xs: number[] = []
  for (const title of titles) xs.push((await lane(rivera, title).boundingBox())!.x)
  expect(xs, 'the lanes stand in the board order, left to right').toEqual([...xs].sort((a, b) => a - b))
  const onScreen = titles.map((title, index) => ({ title, x: xs[index]! })).sort((a, b) => a.x - b.x)

  // Tab from the first lane's box through the board, noting each lane focus enters.
  await lane(rivera, 'Feelings').getByRole('textbox', { name: LANE_INPUTS.Feelings, exact: true }).focus()
  const visited: string[] = []
  for (let press = 0; press < 400 && visited.length < titles.length; press++) {
    const inLane = await rivera.evaluate(
      () => document.activeElement?.closest('section[aria-labelledby]')?.querySelector('h2')?.textContent ?? null,
    )
    if (inLane !== null && visited.at(-1) !== inLane) visited.push(inLane.trim())
    await rivera.keyboard.press('Tab')
  }
  expect(visited, 'Tab walks the lanes in the order the screen shows them').toEqual(onScreen.map((each) => each.title))
  expect(await seriousViolations(rivera, '#board'), 'the laptop with the phase marked').toEqual([])
})

test('with a facilitator on the board only the facilitator moves the phases, until they open it to the partners; every screen says who', async ({
  page,
  openDevice,
}) => {
  const { rivera, alex, blair } = await theRoom(page, openDevice)
  for (const partner of [alex, blair]) {
    await expect(facilitation(partner)).toContainText('Phase 1 of 5: Check-in')
    await expect(facilitation(partner)).toContainText('Dr. Rivera moves the phases.')
    for (const name of ['Next phase', 'Previous phase', 'Edit phases']) {
      await expect(facilitation(partner).getByRole('button', { name })).toHaveCount(0)
    }
    await expect(facilitation(partner).getByRole('checkbox', { name: 'Let partners move phases' })).toHaveCount(0)
    expect(await seriousViolations(partner, '#board'), "a partner's facilitation bar").toEqual([])
  }

  await facilitation(rivera).getByRole('checkbox', { name: 'Let partners move phases' }).check()
  for (const partner of [alex, blair]) {
    await expect(facilitation(partner)).toContainText('Dr. Rivera let the partners move the phases.')
    await expect(facilitation(partner).getByRole('button', { name: 'Next phase' })).toBeVisible()
  }
  await facilitation(alex).getByRole('button', { name: 'Next phase' }).click()
  for (const screen of [rivera, alex, blair]) {
    await expect(facilitation(screen)).toContainText('Phase 2 of 5: Feelings')
    await expect(facilitation(screen)).toContainText('set by Alex')
  }
  expect(await seriousViolations(rivera, '#board'), "the facilitator's bar with the setting").toEqual([])

  // Closed again: the partners' move stands, and they are no longer offered to move on.
  await facilitation(rivera).getByRole('checkbox', { name: 'Let partners move phases' }).uncheck()
  for (const partner of [alex, blair]) {
    await expect(facilitation(partner)).toContainText('Dr. Rivera moves the phases.')
    await expect(facilitation(partner).getByRole('button', { name: 'Next phase' })).toHaveCount(0)
    await expect(facilitation(partner)).toContainText('Phase 2 of 5: Feelings')
  }
})

test("the floor's length is the talk's; at 0:00 every screen shows a calm cue, and a soft sound only where its person allowed it; the listener is not offered the floor", async ({
  page,
  openDevice,
  server,
}) => {
  const { rivera, alex, blair } = await theRoom(page, openDevice, countTones)

  // Whoever may move the phases sets the length; the partners read it.
  await facilitation(rivera).getByRole('combobox', { name: 'Turns last' }).selectOption({ label: '1 minute' })
  for (const partner of [alex, blair]) {
    await expect(facilitation(partner)).toContainText('Turns last 1 minute.')
    await expect(facilitation(partner).getByRole('combobox', { name: 'Turns last' })).toHaveCount(0)
  }
  // Nobody is offered to give the floor to themselves.
  await expect(facilitation(blair).getByRole('button', { name: 'Give the floor to Alex' })).toBeVisible()
  await expect(facilitation(blair).getByRole('button', { name: 'Give the floor to Blair' })).toHaveCount(0)

  // Blair allows the sound on her phone (her tap wakes the audio); Alex does not.
  const sound = 'Soft sound at 0:00, on this device'
  await expect(facilitation(blair).getByRole('checkbox', { name: sound })).not.toBeChecked()
  await facilitation(blair).getByRole('checkbox', { name: sound }).check()
  await expect.poll(() => tones(blair), 'she hears once how soft it is').toBe(1)

  await facilitation(rivera).getByRole('button', { name: 'Give the floor to Alex' }).click()
  for (const screen of [rivera, alex, blair]) {
    await expect(facilitation(screen)).toContainText('Alex has the floor')
    await expect(screen.getByRole('timer', { name: 'Floor time' })).toHaveText(/^(1:00|0:[0-5]\d)$/)
  }
  // The listener waits to be given the floor: her screen does not offer it to her.
  await expect(facilitation(blair)).toContainText('Blair: reflect, then ask.')
  await expect(facilitation(blair).getByRole('button', { name: /floor/ })).toHaveCount(0)
  await expect(facilitation(alex).getByRole('button', { name: 'Pass the floor' })).toBeVisible()
  await expect(facilitation(rivera).getByRole('button', { name: 'Pass the floor' })).toBeVisible()
  const cue = 'Time is up for this turn'
  for (const screen of [rivera, alex, blair]) await expect(facilitation(screen)).not.toContainText(cue)

  server.advanceClock(61_000)
  for (const screen of [rivera, alex, blair]) {
    await expect(screen.getByRole('timer', { name: 'Floor time' })).toHaveText('0:00')
    await expect(facilitation(screen)).toContainText(cue)
  }
  await expect.poll(() => tones(blair), 'one soft tone on the phone that allowed it').toBe(2)
  expect(await tones(alex), 'none where it was not allowed').toBe(0)
  expect(await tones(rivera)).toBe(0)
  for (const screen of [rivera, blair]) expect(await seriousViolations(screen, '#board'), 'the cue at 0:00').toEqual([])

  // The next turn gets the talk's length again, and the cue is gone.
  await facilitation(alex).getByRole('button', { name: 'Pass the floor' }).click()
  for (const screen of [rivera, alex, blair]) {
    await expect(facilitation(screen)).toContainText('Blair has the floor')
    await expect(screen.getByRole('timer', { name: 'Floor time' })).toHaveText(/^(1:00|0:[0-5]\d)$/)
    await expect(facilitation(screen)).not.toContainText(cue)
  }
})
